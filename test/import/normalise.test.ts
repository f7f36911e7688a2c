import { describe, expect, it } from 'vitest';
import { mapHeader } from '../../import/columns.js';
import { classifyHeat, normaliseEmail, normalisePhone, normaliseRow, parseBudget, timeframeMonths } from '../../import/normalise.js';

describe('normalisation', () => {
  it('normalises e-mails and phones', () => {
    expect(normaliseEmail('Wang.Wei@Example.COM')).toBe('wang.wei@example.com');
    expect(normaliseEmail('wang@@example.com')).toBeNull();
    expect(normaliseEmail('wang@example')).toBeNull();
    expect(normalisePhone('138 0013 8000')).toBe('+8613800138000');
    expect(normalisePhone('+86-138-0013-8000')).toBe('+8613800138000');
    expect(normalisePhone('0086 13800138000')).toBe('+8613800138000');
    expect(normalisePhone('021-5888 1234')).toBe('+862158881234');
    expect(normalisePhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(normalisePhone('12345')).toBeNull();
    expect(normalisePhone('２３４')).toBeNull();
  });

  it('classifies purchase heat: within a year is high, later or unknown is low', () => {
    for (const high of ['within 3 months', '3-6 months', '6-12 months', 'within a year', '3个月内', '半年内', '一年内', '马上', '12 months', '1年内', '两个月']) {
      expect([high, classifyHeat(high)]).toEqual([high, 'high']);
    }
    for (const low of ['over 1 year', 'more than a year', '1-2 years', '一年以上', '两年后', '不确定', 'unknown', '', '18 months']) {
      expect([low, classifyHeat(low || null)]).toEqual([low, 'low']);
    }
    expect(timeframeMonths('3个月内')).toBe(3);
  });

  it('parses budgets in yuan', () => {
    expect(parseBudget('250000')).toBe(250000);
    expect(parseBudget('250,000')).toBe(250000);
    expect(parseBudget('25万')).toBe(250000);
    expect(parseBudget('25.5万元')).toBe(255000);
    expect(parseBudget('¥300000')).toBe(300000);
    expect(parseBudget('lots')).toBeNull();
  });

  it('maps English and Chinese headers and refuses a header without required columns', () => {
    const positions = mapHeader(['姓名', 'E-mail', '手机', '来源', 'Purchase_Timeframe']);
    expect(Object.fromEntries(positions)).toEqual({ name: 0, email: 1, phone: 2, source: 3, purchaseTimeframe: 4 });
    expect(() => mapHeader(['email', 'source'])).toThrow(/name/);
    expect(() => mapHeader(['name', 'source', 'budget'])).toThrow(/contact column/);
    expect(() => mapHeader(['name', '姓名', 'source', 'email'])).toThrow(/twice/);
  });

  it('reports every bad field of a row', () => {
    const header = ['name', 'email', 'phone', 'address', 'postcode', 'city', 'source', 'language', 'consent email', 'budget', 'birthday', 'time zone'];
    const positions = mapHeader(header);
    const result = normaliseRow(['', 'x@', '123', '某路1号', '12345', '', '', 'fr', 'maybe', 'lots', '1990-02-30', 'Mars/Base'], positions, 7);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [7, 'name'], [7, 'source'], [7, 'email'], [7, 'phone'], [7, 'postcode'], [7, 'city'],
      [7, 'language'], [7, 'timeZone'], [7, 'consentEmail'], [7, 'birthday'], [7, 'budget'],
    ]);
  });

  it('normalises a good row, full-width digits included', () => {
    const positions = mapHeader(['姓名', '邮箱', '手机', '地址', '邮编', '城市', '来源', '计划购车时间', '意向车型', '职务']);
    const result = normaliseRow(['  王  伟 ', 'WANG@EXAMPLE.COM', '１３８００１３８０００', '浦东新区世纪大道100号', '２００１２０', '上海', 'MAG-07', '3个月内', 'X5; X3', '总经理'], positions, 2);
    expect(result).toMatchObject({
      ok: true,
      prospect: {
        name: '王 伟',
        email: 'wang@example.com',
        phone: '+8613800138000',
        postcode: '200120',
        language: 'zh-CN',
        heat: 'high',
        consentEmail: true,
        consentPost: true,
        screening: { models: ['X5', 'X3'], purchaseTimeframe: '3个月内', jobTitle: '总经理' },
      },
    });
  });
});
