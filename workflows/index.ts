/** Every campaign workflow the worker registers; each lives in its own file. */
export { leadRouting } from './lead-routing.js';
export { hotLeadPack } from './hot-lead-pack.js';
export { replyFollowUp } from './reply-follow-up.js';
export { inspection } from './inspection.js';
export { greetings } from './greetings.js';
export { seasonalRun } from './seasonal-run.js';
export { replayFailed } from './replay-failed.js';
export { definitionRun } from './definition-run.js';
export { campaignLaunch } from './campaign-launch.js';
