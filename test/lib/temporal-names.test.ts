import { describe, expect, it } from 'vitest';
import { broadcastWorkflowId, contactWorkflowId } from '../../lib/temporal-names.js';

describe('workflow ids', () => {
  it('are the same for the same campaign and contact, so a second start finds the first run', () => {
    expect(contactWorkflowId('hot-lead-pack', 'spring-2026', 42)).toBe(contactWorkflowId('hot-lead-pack', 'spring-2026', '42'));
    expect(contactWorkflowId('hot-lead-pack', 'spring-2026', 42)).toBe('hot-lead-pack/spring-2026/contact-42');
  });

  it('differ between contacts, campaigns and kinds', () => {
    const ids = new Set([
      contactWorkflowId('hot-lead-pack', 'c1', 1),
      contactWorkflowId('hot-lead-pack', 'c1', 2),
      contactWorkflowId('hot-lead-pack', 'c2', 1),
      contactWorkflowId('reply-follow-up', 'c1', 1),
      broadcastWorkflowId('greetings', 'c1'),
    ]);
    expect(ids.size).toBe(5);
  });
});
