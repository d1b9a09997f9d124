/**
 * FHIR addresses hold countries as ISO 3166 alpha-2, alpha-3 or a name; canonical documents need
 * alpha-2. The code tables come from i18n-iso-countries; English names are loaded only when a
 * country is written out as a name.
 */
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries/index.js';

let englishLoaded = false;

/** An ISO 3166-1 alpha-2 code for a FHIR Address.country, or undefined when it names no country. */
export function countryAlpha2(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^[A-Za-z]{2}$/.test(text))
    return countries.isValid(text.toUpperCase()) ? text.toUpperCase() : undefined;
  if (/^[A-Za-z]{3}$/.test(text)) {
    const alpha2 = countries.alpha3ToAlpha2(text.toUpperCase());
    if (alpha2 !== undefined) return alpha2;
  }
  if (text.length > 64) return undefined;
  if (!englishLoaded) {
    const require = createRequire(import.meta.url);
    countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
    englishLoaded = true;
  }
  return countries.getAlpha2Code(text, 'en');
}
