/**
 * countries.ts for browsers: the English country names come in with a static import the bundler can
 * follow (Node loads them with createRequire, only when a country is written as a name).
 */
import countries from 'i18n-iso-countries/index.js';
import english from 'i18n-iso-countries/langs/en.json' with { type: 'json' };

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
    countries.registerLocale(english);
    englishLoaded = true;
  }
  return countries.getAlpha2Code(text, 'en');
}
