/**
 * Strict mode makes Handlebars throw on an unknown {{variable}}, but not on one passed to a
 * helper or tested by #if/#unless (those read undefined and carry on). For validation the
 * sample context is wrapped in proxies that record every read of a key the data does not have,
 * so `{{#if booking.slots}}` or `{{formatDate ocasion.date}}` is reported as well.
 */

/** Keys that runtimes and libraries probe on any object; reading them is not a template's doing. */
const IGNORED = new Set(['then', 'toJSON', 'constructor', 'inspect', 'nodeType', 'asymmetricMatch', '$$typeof', '__proto__']);

export function watchContext<T extends object>(value: T, onUnknown: (path: string) => void, path = ''): T {
  const cache = new WeakMap<object, unknown>();
  const wrap = (target: object, at: string): unknown => {
    const known = cache.get(target);
    if (known) return known;
    const proxy = new Proxy(target, {
      get(obj, key, receiver) {
        const result: unknown = Reflect.get(obj, key, receiver);
        if (typeof key !== 'string') return result;
        const where = at ? `${at}.${key}` : key;
        if (!(key in obj) && !IGNORED.has(key)) onUnknown(where);
        return result !== null && typeof result === 'object' ? wrap(result, where) : result;
      },
    });
    cache.set(target, proxy);
    return proxy;
  };
  return wrap(value, path) as T;
}
