/**
 * The Spring Festival (lunar new year's day) falls on a different Gregorian date every year;
 * computed with lunar-typescript rather than kept in a table that runs out.
 */
import { Lunar } from 'lunar-typescript';

/** Gregorian date of the Spring Festival of a year, as YYYY-MM-DD. */
export function springFestivalDate(year: number): string {
  const solar = Lunar.fromYmd(year, 1, 1).getSolar();
  return `${solar.getYear()}-${String(solar.getMonth()).padStart(2, '0')}-${String(solar.getDay()).padStart(2, '0')}`;
}
