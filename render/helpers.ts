/**
 * Template helpers. Each environment (HTML or plain, per language) gets its own set, so a helper
 * knows whether to escape and which language to write in. Strict mode does not check helper
 * arguments, so every helper throws on an undefined argument: a misspelt variable is an error,
 * not an empty date in a letter.
 */
import Handlebars from 'handlebars';
import { addressee, formatDate, formatDateTime, formatMoney, formatTime, salutation, type DateStyle } from './format.js';
import { formatAddress } from './address.js';
import type { Contact, Language, Money, Place } from './types.js';

export type Format = 'html' | 'plain';

type HelperOptions = Handlebars.HelperOptions;

function contactOf(options: HelperOptions): Contact {
  const contact = (options.data as { root?: { contact?: Contact } }).root?.contact;
  if (!contact) throw new Error('the context has no contact');
  return contact;
}

export function registerHelpers(hb: typeof Handlebars, format: Format, language: Language): void {
  const escape = (value: unknown) => (format === 'html' ? hb.escapeExpression(String(value)) : String(value));
  const safe = (value: string) => (format === 'html' ? new hb.SafeString(value) : value);

  // Handlebars passes its options object last; the helper sees only the arguments before it.
  const define = (name: string, minArgs: number, fn: (args: unknown[], options: HelperOptions) => unknown) => {
    hb.registerHelper(name, function (this: unknown, ...all: unknown[]) {
      const options = all.pop() as HelperOptions;
      if (all.length < minArgs) throw new Error(`helper "${name}" needs ${minArgs} argument(s), got ${all.length}`);
      all.forEach((arg, i) => {
        if (arg === undefined) throw new Error(`helper "${name}": argument ${i + 1} is undefined (unknown variable?)`);
      });
      return fn(all, options);
    });
  };

  define('formatDate', 1, ([value, style], options) =>
    formatDate(String(value), language, contactOf(options).timeZone, (style as DateStyle | undefined) ?? 'long'),
  );
  define('formatDateTime', 1, ([value], options) => formatDateTime(String(value), language, contactOf(options).timeZone));
  define('formatTime', 1, ([value], options) => formatTime(String(value), language, contactOf(options).timeZone));
  define('formatMoney', 1, ([money]) => formatMoney(money as Money, language));
  /** `{{salutation}}` greets the contact; `{{salutation person}}` someone else. */
  define('salutation', 0, ([person], options) => salutation((person as Contact | undefined) ?? contactOf(options), language));
  define('addressee', 0, ([person], options) => addressee((person as Contact | undefined) ?? contactOf(options), language));
  /** `{{link url "label"}}`: a link in the markup, written out in the text part and the letter. */
  // A ')' or space would end the markup link early: they are percent-encoded, as in any URL.
  define('link', 1, ([url, label]) => safe(`[${escape(label ?? url)}](${escape(String(url).replace(/\)/g, '%29').replace(/ /g, '%20'))})`));
  define('eq', 2, ([a, b]) => a === b);
  define('join', 1, ([items, separator]) => (items as unknown[]).map(String).join(typeof separator === 'string' ? separator : ', '));
  /** Keeps a value on one line (phone numbers, codes): its spaces become no-break spaces. */
  define('nobr', 1, ([value]) => String(value).replace(/ /g, '\u00a0'));
  define('km', 1, ([value]) => (value === null ? '' : `${Number(value).toFixed(1)}\u00a0${language === 'zh-CN' ? '公里' : 'km'}`));
  /** `{{address place}}`: a dealer's, centre's or the contact's address on one line, as its script writes it; `{{address place "visit"}}` without the postcode. */
  define('address', 1, ([place, form]) => formatAddress(place as Place, language, form !== 'visit'));
  /** Whether every place has a known distance: a table shows the distance column only then, never an empty cell. */
  define('everyDistance', 1, ([places]) => (places as Place[]).every((p) => typeof p.distanceKm === 'number'));
}
