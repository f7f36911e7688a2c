/**
 * The offer details a greetings campaign announces, as its record keeps them: a definition gives
 * the trip's destination and the gift in each language; older records hold one text for all.
 * Resolved per owner, in the owner's language.
 */
import type { Gift, Language, Trip } from '../render/types.js';

type Text = string | Partial<Record<Language, string>>;

export interface StoredTrip {
  destination: Text;
  startsOn: string;
  endsOn: string;
  rsvpBy: string;
  /** Older records held one link for every owner; each owner now answers on a page of their own. */
  rsvpUrl?: string;
}

export interface StoredGift {
  description: Text;
  delivery: Text;
}

function inLanguage(text: Text, language: Language): string {
  return typeof text === 'string' ? text : (text[language] ?? text['zh-CN'] ?? text.en ?? '');
}

/** The trip as a gold owner reads it, with the owner's own RSVP page. */
export function tripFor(trip: StoredTrip | undefined, language: Language, rsvpPage: string): Trip | null {
  if (!trip) return null;
  return {
    destination: inLanguage(trip.destination, language),
    startsOn: trip.startsOn,
    endsOn: trip.endsOn,
    rsvpBy: trip.rsvpBy,
    rsvpUrl: rsvpPage,
  };
}

export function giftFor(gift: StoredGift | undefined, language: Language): Gift | null {
  return gift ? { description: inLanguage(gift.description, language), delivery: inLanguage(gift.delivery, language) } : null;
}
