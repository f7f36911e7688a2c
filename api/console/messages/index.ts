/** The console's copy; English for now, one file per language beside this one. */
import { en } from './en.js';

export const messages = en;
