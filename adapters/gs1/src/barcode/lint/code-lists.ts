/**
 * Code lists that AI values refer to: ISO 3166-1 countries (numeric and alpha-2), ISO 4217
 * currencies (numeric), ISO/IEC 5218 sex codes, the GS1 PackageTypeCode list (AI 7041) and the
 * AIDC media types (AI 7241).
 */
import countries from 'i18n-iso-countries';

/**
 * ISO 3166-1 codes assigned by ISO. `i18n-iso-countries` also lists Kosovo under the user-assigned
 * codes XK/983, which ISO 3166-1 does not assign; GS1 does not accept them.
 */
const USER_ASSIGNED_ALPHA2 = new Set(['XK']);

/** ISO 3166-1 numeric country codes (three digits). */
export const ISO3166_NUMERIC: ReadonlySet<string> = new Set(
  Object.entries(countries.getNumericCodes())
    .filter(([, alpha2]) => !USER_ASSIGNED_ALPHA2.has(alpha2))
    .map(([numeric]) => numeric),
);

/** ISO 3166-1 alpha-2 country codes. */
export const ISO3166_ALPHA2: ReadonlySet<string> = new Set(
  Object.keys(countries.getAlpha2Codes()).filter((a) => !USER_ASSIGNED_ALPHA2.has(a)),
);

/** Expands `008 050-052 …` into the codes, padded to `width` digits. */
function expandRanges(spec: string, width: number): Set<string> {
  const out = new Set<string>();
  for (const token of spec.split(/\s+/)) {
    if (token === '') continue;
    const [first, last = first] = token.split('-') as [string, string?];
    for (let v = Number(first); v <= Number(last); v++) out.add(String(v).padStart(width, '0'));
  }
  return out;
}

/**
 * ISO 4217 numeric codes of currencies and funds in current use, as published by the ISO 4217
 * maintenance agency in 2024 (after HRK and SLL were withdrawn and SLE and ZWG added).
 */
export const ISO4217_NUMERIC: ReadonlySet<string> = expandRanges(
  `
  008 012 032 036 044 048 050-052 060 064 068 072 084 090 096 104 108 116 124 132 136 144 152 156
  170 174 188 192 203 208 214 222 230 232 238 242 262 270 292 320 324 328 332 340 344 348 352 356
  360 364 368 376 388 392 396 398 400 404 408 410 414 417-418 422 426 430 434 446 454 458 462 480
  484 496 498 504 512 516 524 532-533 548 554 558 566 578 586 590 598 600 604 608 634 643 646 654
  682 690 702 704 706 710 728 748 752 756 760 764 776 780 784 788 800 807 818 826 834 840 858 860
  882 886 901 924-930 933-934 936 938 940-941 943-944 946-953 955-965 967-973 975-981 984-986
  990 994 997 999`,
  3,
);

/** ISO/IEC 5218 codes for the representation of human sexes. */
export const ISO5218: ReadonlySet<string> = new Set(['0', '1', '2', '9']);

/** AIDC media types assigned for AI (7241): 01-10 and 80-99. */
export const MEDIA_TYPES: ReadonlySet<string> = expandRanges('01-10 80-99', 2);

/** GS1 PackageTypeCode code list (based on UN/ECE Recommendation 21), for AI (7041). */
export const PACKAGE_TYPES: ReadonlySet<string> = new Set(
  `1A 1B 1D 1F 1G 1W 200 201 202 203 204 205 206 210 211 212 2C 3A 3H 43 44 4A 4B 4C 4D 4F 4G 4H
  5H 5L 5M 6H 6P 7A 7B 8 8A 8B 8C 9 AA AB AC AD AF AG AH AI AJ AL AM AP APE AT AV B4 BB BC BD BE
  BF BG BGE BH BI BJ BK BL BM BME BN BO BP BQ BR BRI BS BT BU BV BW BX BY BZ CA CB CBL CC CCE CD
  CE CF CG CH CI CJ CK CL CM CN CO CP CQ CR CS CT CU CV CW CX CY CZ DA DB DC DG DH DI DJ DK DL DM
  DN DP DPE DR DS DT DU DV DW DX DY E1 E2 E3 EC ED EE EF EG EH EI EN FB FC FD FE FI FL FO FOB FP
  FPE FR FT FW FX GB GI GL GR GU GY GZ HA HB HC HG HN HR IA IB IC ID IE IF IG IH IK IL IN IZ JB JC
  JG JR JT JY KG KI LAB LE LG LT LU LV LZ MA MB MC ME MPE MR MS MT MW MX NA NE NF NG NS NT NU NV OA
  OB OC OD OE OF OK OPE OT OU P2 PA PAE PB PC PD PE PF PG PH PI PJ PK PL PLP PN PO POP PP PPE PR PT
  PU PUE PV PX PY PZ QA QB QC QD QF QG QH QJ QK QL QM QN QP QQ QR QS RB1 RB2 RB3 RCB RD RG RJ RK RL
  RO RT RZ S1 SA SB SC SD SE SEC SH SI SK SL SM SO SP SS ST STL SU SV SW SX SY SZ T1 TB TC TD TE TEV
  TG THE TI TK TL TN TO TR TRE TS TT TTE TU TV TW TWE TY TZ UC UN UUE VA VG VI VK VL VN VO VP VQ VR
  VS VY WA WB WC WD WF WG WH WJ WK WL WM WN WP WQ WR WRP WS WT WU WV WW WX WY WZ X11 X12 X15 X16 X17
  X18 X19 X20 X3 XA XB XC XD XF XG XH XJ XK YA YB YC YD YF YG YH YJ YK YL YM YN YP YQ YR YS YT YV
  YW YX YY YZ ZA ZB ZC ZD ZF ZG ZH ZJ ZK ZL ZM ZN ZP ZQ ZR ZS ZT ZU ZV ZW ZX ZY ZZ`
    .split(/\s+/)
    .filter((code) => code !== ''),
);
