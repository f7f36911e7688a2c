/**
 * The few fixed words of the printed frame (information block, footer, reply card). Letter
 * wording lives in the templates; these are the form's labels, the same on every piece.
 */
import type { Language } from '../types.js';

const LABELS = {
  en: {
    date: 'Date',
    reference: 'Our reference',
    hotline: 'Customer hotline',
    page: 'Page',
    replyInstructions: 'Business reply card: cut along the dashed line, fill in the back and post it. No stamp needed.',
    businessReply: 'BUSINESS REPLY',
    noStamp: 'No stamp needed if posted in China',
    postagePaid: 'Postage paid by addressee',
    replyTitle: 'Tell us what you would like',
    testDrive: 'I would like a test drive',
    moreMaterial: 'Please send me more material',
    callMe: 'Please call me',
    notInterested: 'Not interested at the moment. Reason:',
    bestTime: 'Best time to call:',
    phone: 'Phone:',
    responseCode: 'Response code',
    scan: 'Scan the code or visit',
    name: 'Name:',
  },
  'zh-CN': {
    date: '日期',
    reference: '编号',
    hotline: '客户服务热线',
    page: '第',
    replyInstructions: '商业回函：请沿虚线剪下，填写背面后投入邮筒，无需贴邮票。',
    businessReply: '商业回函',
    noStamp: '国内投寄免贴邮票',
    postagePaid: '邮资由收件人总付',
    replyTitle: '请告诉我们您的需要',
    testDrive: '我想预约试驾',
    moreMaterial: '请寄给我更多资料',
    callMe: '请致电给我',
    notInterested: '暂无购车意向，原因：',
    bestTime: '方便接听电话的时间：',
    phone: '电话：',
    responseCode: '回函编码',
    scan: '扫描二维码或访问',
    name: '姓名：',
  },
} satisfies Record<Language, Record<string, string>>;

export type Labels = (typeof LABELS)['en'];

export function labels(language: Language): Labels {
  return LABELS[language];
}
