/**
 * Postal addresses as each script writes them. An address written in Chinese runs from the
 * largest unit to the smallest (city, district, street, number, building) with no spaces between
 * its Chinese parts; one written in Latin letters runs the Western way (number and street, then
 * district, then city and postcode). The address's own script decides, not the letter's language:
 * a dealer on file only in English keeps its English address in a Chinese letter, in one piece,
 * instead of being glued into Chinese order ("Guangzhou1 Tianhe Road").
 */
import { addressee } from './format.js';
import type { Contact, Language, Place } from './types.js';

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
const NBSP = '\u00a0';

type Postal = Pick<Place, 'addressLines' | 'postcode' | 'city'>;

/**
 * Whether the address is written in Chinese: its street lines decide (the city only when there
 * are none), so an English street with a city in Chinese is still not glued into Chinese order.
 */
export function isChineseAddress(address: Postal): boolean {
  const lines = address.addressLines.filter((line) => line.trim() !== '');
  return lines.length ? lines.some((line) => HAN.test(line)) : HAN.test(address.city);
}

/** Chinese text without the spaces people type between its parts ('建国路 88 号' -> '建国路88号'). */
export function closeChineseSpaces(text: string): string {
  return text.trim().replace(/\s+(?=[\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])|(?<=[\u3400-\u9fff\uf900-\ufaff\uff00-\uffef])\s+/g, '');
}

/** The city without a trailing 市, to see whether a street line already starts with it. */
const cityStem = (city: string): string => city.trim().replace(/市$/, '');

/** The Chinese street part, from the city down: the city is added unless the first line already names it. */
function chineseStreet(address: Postal): string {
  const street = address.addressLines.map(closeChineseSpaces).join('');
  const city = closeChineseSpaces(address.city);
  const stem = cityStem(city);
  return stem && !street.startsWith(stem) ? `${city}${street}` : street;
}

/** Keeps a house number with its street ('101 Zhangyang Road') and a city with its postcode. */
const glueNumber = (line: string): string => line.trim().replace(/^(\d[\w/-]*)\s+/, `$1${NBSP}`);

function westernLines(address: Postal): string[] {
  const lines = address.addressLines.map(glueNumber);
  const last = lines.at(-1)?.toLowerCase() ?? '';
  const hasCity = address.city && last.includes(address.city.toLowerCase());
  const hasPostcode = address.postcode && lines.some((line) => line.includes(address.postcode));
  const cityLine = [hasCity ? '' : address.city.trim(), hasPostcode ? '' : address.postcode.trim()].filter(Boolean).join(NBSP);
  return cityLine ? [...lines, cityLine] : lines;
}

/**
 * One address on one line, for running text and tables, in the letter's language: Chinese
 * '上海市浦东新区张杨路101号（邮编 200120）' in a Chinese letter, '200120 上海市浦东新区张杨路101号'
 * in an English one; Western '101 Zhangyang Road, Pudong, Shanghai 200120' in either. Without the
 * postcode for a place to visit rather than to write to (an inspection slot's centre).
 */
export function formatAddress(address: Postal, language: Language, withPostcode = true): string {
  if (!withPostcode) address = { ...address, postcode: '' };
  if (!isChineseAddress(address)) return westernLines(address).join(', ');
  const street = chineseStreet(address);
  if (!address.postcode) return street;
  return language === 'zh-CN' ? `${street}（邮编${NBSP}${address.postcode}）` : `${address.postcode} ${street}`;
}

/**
 * The recipient's address as printed in the envelope window. Chinese: the postcode first, then
 * the address from the city down, the company, and the name with 收 ('to be received by').
 * Western: the name, the company, the street lines, then city and postcode.
 */
export function windowLines(contact: Contact): string[] {
  const name = addressee(contact, contact.language);
  const company = contact.company ? [contact.company] : [];
  if (isChineseAddress(contact)) {
    const lines = contact.addressLines.map(closeChineseSpaces);
    const city = closeChineseSpaces(contact.city);
    const first = lines[0] ?? '';
    // The city goes on the postcode's line unless the street's first line already starts with it.
    const head = city && !first.startsWith(cityStem(city)) ? `${contact.postcode} ${city}` : contact.postcode;
    const nameLine = contact.language === 'zh-CN' || HAN.test(name) ? `${name} 收` : name;
    return [head, ...lines, ...company, nameLine].filter((line) => line.trim() !== '');
  }
  return [name, ...company, ...westernLines(contact).map((line) => line.replace(/\u00a0/g, ' '))];
}
