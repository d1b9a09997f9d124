/**
 * Standard vocabulary values (GS1 CBV 2.0 §7-§8; GS1 Web Vocabulary for sensor types) in the two
 * syntaxes: XML writes URIs (`urn:epcglobal:cbv:bizstep:shipping`, `gs1:Temperature`), JSON-LD writes
 * the bare names that its `@context` expands (`shipping`, `Temperature`). Values outside the standard
 * vocabularies are URIs in both and pass unchanged.
 */

/** The vocabulary a field draws from. */
export type VocabularyKind =
  | 'bizStep'
  | 'disposition'
  | 'bizTransactionType'
  | 'sourceDestType'
  | 'errorReason'
  | 'sensorType'
  | 'component';

interface VocabularyForms {
  /** Readers accept these prefixes (matched case-insensitively). */
  read: RegExp;
  /** Writers put this prefix before a bare name for XML. */
  xmlPrefix: string;
}

const CBV_WEB = 'https?://(?:ref|ns)\\.gs1\\.org/cbv/';

const FORMS: Readonly<Record<VocabularyKind, VocabularyForms>> = {
  bizStep: {
    read: new RegExp(`^(?:urn:epcglobal:cbv:bizstep:|${CBV_WEB}BizStep-)`, 'i'),
    xmlPrefix: 'urn:epcglobal:cbv:bizstep:',
  },
  disposition: {
    read: new RegExp(`^(?:urn:epcglobal:cbv:disp:|${CBV_WEB}Disp-)`, 'i'),
    xmlPrefix: 'urn:epcglobal:cbv:disp:',
  },
  bizTransactionType: {
    read: new RegExp(`^(?:urn:epcglobal:cbv:btt:|${CBV_WEB}BTT-)`, 'i'),
    xmlPrefix: 'urn:epcglobal:cbv:btt:',
  },
  sourceDestType: {
    read: new RegExp(`^(?:urn:epcglobal:cbv:sdt:|${CBV_WEB}SDT-)`, 'i'),
    xmlPrefix: 'urn:epcglobal:cbv:sdt:',
  },
  errorReason: {
    read: new RegExp(`^(?:urn:epcglobal:cbv:er:|${CBV_WEB}ER-)`, 'i'),
    xmlPrefix: 'urn:epcglobal:cbv:er:',
  },
  sensorType: { read: /^(?:gs1:|https?:\/\/(?:www\.)?gs1\.org\/voc\/)/i, xmlPrefix: 'gs1:' },
  component: { read: new RegExp(`^(?:cbv:Comp-|${CBV_WEB}Comp-)`, 'i'), xmlPrefix: 'cbv:Comp-' },
};

// GS1 Web Vocabulary measurement types and alert types, and CBV components (CBV 2.0 §8.10). These
// namespaces are open-ended: a name outside the lists stays a compact IRI (`gs1:Molar_concentration`)
// rather than becoming a bare word the EPCIS JSON Schema would refuse.
const SENSOR_TYPES = new Set(
  (
    'AbsoluteHumidity AbsorbedDose AbsorbedDoseRate Acceleration Radioactivity Altitude AmountOfSubstance ' +
    'AmountOfSubstancePerUnitVolume Angle AngularAcceleration AngularMomentum AngularVelocity Area Capacitance Conductance ' +
    'Conductivity Count Density Dimensionless DoseEquivalent DoseEquivalentRate DynamicViscosity ElectricCharge ' +
    'ElectricCurrent ElectricCurrentDensity ElectricFieldStrength Energy Exposure Force Frequency Illuminance Inductance ' +
    'Irradiance KinematicViscosity Length LinearMomentum Luminance LuminousFlux LuminousIntensity MagneticFlux ' +
    'MagneticFluxDensity MagneticVectorPotential Mass MassConcentration MassFlowRate MassPerAreaTime MemoryCapacity ' +
    'MolalityOfSolute MolarEnergy MolarMass MolarVolume Power Pressure RadiantFlux RadiantIntensity RelativeHumidity ' +
    'Resistance Resistivity SolidAngle SpecificVolume Speed SurfaceDensity SurfaceTension Temperature Time Torque Voltage ' +
    'Volume VolumeFlowRate VolumeFraction VolumetricFlux Wavenumber ALARM_CONDITION ERROR_CONDITION'
  ).split(' '),
);
const COMPONENTS = new Set(
  'x y z axial_distance azimuth height spherical_radius polar_angle elevation_angle easting northing latitude longitude altitude'.split(
    ' ',
  ),
);
const CLOSED_LISTS: Partial<Record<VocabularyKind, ReadonlySet<string>>> = {
  sensorType: SENSOR_TYPES,
  component: COMPONENTS,
};

/** The JSON-LD form of a vocabulary value: the bare name for standard values, the URI otherwise. */
export function toJsonVocabulary(kind: VocabularyKind, value: string): string {
  // Fast paths, without the regex: every accepted prefix contains a colon, so a bare name passes
  // unchanged; a value with the XML prefix as written is the first alternative of the regex.
  if (!value.includes(':')) return value;
  const forms = FORMS[kind];
  let name: string;
  if (value.startsWith(forms.xmlPrefix)) name = value.slice(forms.xmlPrefix.length);
  else {
    const match = forms.read.exec(value);
    if (match === null) return value;
    name = value.slice(match[0].length);
  }
  const known = CLOSED_LISTS[kind];
  return name === '' || (known !== undefined && !known.has(name)) ? value : name;
}

/** The XML form of a vocabulary value: a bare name gets its standard URI prefix, URIs pass unchanged. */
export function toXmlVocabulary(kind: VocabularyKind, value: string): string {
  return value.includes(':') ? value : FORMS[kind].xmlPrefix + value;
}

/** True when two vocabulary values name the same thing (`desadv` and `urn:epcglobal:cbv:btt:desadv`). */
export function sameVocabulary(kind: VocabularyKind, a: string, b: string): boolean {
  return toJsonVocabulary(kind, a) === toJsonVocabulary(kind, b);
}
