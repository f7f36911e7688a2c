/**
 * A complete, representative context: every part filled, so validating a template against it
 * runs every branch a real piece can take. Also the worked example of the context's shape for
 * whoever builds contexts from the database.
 */
import type { Language, Place, PieceContext, EmailContext, Tier, OccasionKind } from './types.js';

const place = (language: Language, kind: 'dealer' | 'service', n: number): Place =>
  language === 'zh-CN'
    ? {
        name: kind === 'dealer' ? `上海浦东${n}号特约经销商` : `上海浦东${n}号服务中心`,
        addressLines: [`浦东新区张杨路${100 + n}号`],
        postcode: '200120',
        city: '上海',
        phone: `+86 21 5000 ${1000 + n}`,
        distanceKm: 2.5 * n,
      }
    : {
        name: kind === 'dealer' ? `Pudong Motors ${n}` : `Pudong Service Centre ${n}`,
        addressLines: [`${100 + n} Zhangyang Road, Pudong`],
        postcode: '200120',
        city: 'Shanghai',
        phone: `+86 21 5000 ${1000 + n}`,
        distanceKm: 2.5 * n,
      };

/** A sample context in one language; `overrides` replace whole top-level parts. */
export function sampleContext(language: Language, overrides: Partial<PieceContext> = {}): PieceContext {
  const zh = language === 'zh-CN';
  const serviceCentre = place(language, 'service', 1);
  const kind: OccasionKind = 'christmas-new-year';
  const tier: Tier = 'gold';
  return {
    contact: zh
      ? {
          name: '王伟',
          familyName: '王',
          title: '先生',
          company: '华东贸易有限公司',
          language,
          timeZone: 'Asia/Shanghai',
          addressLines: ['浦东新区世纪大道100号', '环球金融中心25楼'],
          postcode: '200120',
          city: '上海市',
        }
      : {
          name: 'Emily Chen',
          familyName: 'Chen',
          title: 'Ms',
          company: 'East China Trading Co., Ltd.',
          language,
          timeZone: 'Asia/Shanghai',
          addressLines: ['25/F World Financial Center', '100 Century Avenue, Pudong'],
          postcode: '200120',
          city: 'Shanghai',
        },
    campaign: { id: 'hot-2026-11', name: 'hot-2026-11 winter push', displayName: zh ? '2026年冬季新车推介' : 'Winter 2026 new models', sourceCode: 'MAG-1126' },
    sender: zh
      ? {
          company: '星辰汽车（中国）有限公司',
          department: '客户关系部',
          returnAddress: '星辰汽车 · 上海市徐汇区漕溪北路88号 200030',
          addressLines: ['上海市徐汇区漕溪北路88号', '邮编 200030'],
          hotline: '800-820-8888',
          hotlineHours: '每天 8:30–21:00',
          website: 'https://www.example.com',
          signatory: { name: '李静', role: '客户关系总监' },
        }
      : {
          company: 'Star Motors (China) Co., Ltd.',
          department: 'Customer Relations',
          returnAddress: 'Star Motors · 88 Caoxi North Road, Shanghai 200030',
          addressLines: ['88 Caoxi North Road, Xuhui', 'Shanghai 200030'],
          hotline: '800-820-8888',
          hotlineHours: '8:30–21:00 daily',
          website: 'https://www.example.com',
          signatory: { name: 'Li Jing', role: 'Director, Customer Relations' },
        },
    date: '2026-11-25T02:00:00Z',
    tier,
    replyCard: { responseCode: 'K7QW-4M2X-9TPA', replyUrl: 'https://reply.example.com/r/K7QW4M2X9TPA' },
    models: [
      {
        code: 'S5',
        name: zh ? '星辰 S5 轿车' : 'Star S5 saloon',
        summary: zh ? '宽敞舒适的中级轿车，适合家庭与商务。' : 'A roomy mid-size saloon for family and business.',
        features: zh ? ['2.0T 发动机', '全景天窗', '八安全气囊'] : ['2.0T engine', 'Panoramic roof', 'Eight airbags'],
        priceLines: [
          { label: zh ? '2.0T 舒适型' : '2.0T Comfort', price: { amount: 229800, currency: 'CNY' } },
          { label: zh ? '2.0T 豪华型' : '2.0T Luxury', price: { amount: 259800, currency: 'CNY' } },
        ],
      },
      {
        code: 'X7',
        name: zh ? '星辰 X7 SUV' : 'Star X7 SUV',
        summary: zh ? '七座全尺寸SUV，四轮驱动。' : 'A seven-seat full-size SUV with four-wheel drive.',
        features: zh ? ['四轮驱动', '七座', '自适应巡航'] : ['Four-wheel drive', 'Seven seats', 'Adaptive cruise control'],
        priceLines: [{ label: zh ? '3.0T 旗舰型' : '3.0T Flagship', price: { amount: 419800, currency: 'CNY' } }],
      },
    ],
    dealers: [place(language, 'dealer', 1), place(language, 'dealer', 2)],
    serviceCentres: [serviceCentre, place(language, 'service', 2)],
    vehicle: { model: zh ? '星辰 S5 轿车' : 'Star S5 saloon', registration: '沪A·12345', purchasedOn: '2023-05-20' },
    booking: {
      code: 'INSP-7F3K2Q',
      bookingUrl: 'https://book.example.com/b/INSP-7F3K2Q',
      offered: [
        { startsAt: '2026-12-05T01:30:00Z', serviceCentre },
        { startsAt: '2026-12-06T06:00:00Z', serviceCentre },
      ],
      slot: { startsAt: '2026-12-05T01:30:00Z', serviceCentre },
      surveyUrl: 'https://survey.example.com/s/INSP-7F3K2Q',
    },
    occasion: {
      kind,
      year: 2027,
      date: '2026-12-25',
      years: 10,
      partner: zh ? { name: '李娜', title: '女士' } : { name: 'David Chen', title: 'Mr' },
      trip: {
        destination: zh ? '云南丽江' : 'Lijiang, Yunnan',
        startsOn: '2027-04-10',
        endsOn: '2027-04-14',
        rsvpUrl: 'https://trip.example.com/rsvp/K7QW4M2X9TPA',
        rsvpBy: '2027-02-28',
      },
      gift: { description: zh ? '一套定制茶具' : 'a hand-made tea set', delivery: zh ? '节前一周由快递送达' : 'by courier in the week before the holiday' },
    },
    ...overrides,
  };
}

/** The sample as an e-mail context. */
export function sampleEmailContext(language: Language, overrides: Partial<EmailContext> = {}): EmailContext {
  return { ...sampleContext(language), unsubscribeUrl: 'https://mail.example.com/u/sample-token', ...overrides };
}
