/**
 * The vocabulary of CSV templates: a column says which canonical member its cell fills, at which
 * level of the document (once per document, once per group such as a stock location, or once per
 * row), and how the cell is converted.
 */

/** A JSON Pointer token: a member name or an array position. */
export type Token = string | number;

/** Where a column's member lives: the document, the row's group (StockReport listing), or the row's item. */
export type Level = 'document' | 'group' | 'item';

/** How a cell becomes a value. */
export type CellKind =
  /** The cell as written. */
  | 'text'
  /** A JSON number, else the cell as written. */
  | 'number'
  /** `true` or `false`, else the cell as written. */
  | 'boolean'
  /** Items separated by `|`. */
  | 'list'
  /** A market scope keyword, or countries separated by `|`. */
  | 'marketScope'
  /** A GS1 key (GLN, GTIN): fills `system` and `value` of the identifier at `path`. */
  | 'gs1'
  /** `system` of the identifier at `path`. */
  | 'idSystem'
  /** `value` of the identifier at `path`. */
  | 'idValue'
  /** The unit of every quantity of the level that the row fills. */
  | 'unit';

/** One column of a template. */
export interface ColumnSpec {
  /** The header name. */
  readonly name: string;
  readonly level: Level;
  readonly kind: CellKind;
  /**
   * The member filled, relative to the level: the member itself, the identifier object for
   * `gs1`/`idSystem`/`idValue`, or the member under each quantity for `unit` (`['unit']`).
   */
  readonly path: readonly Token[];
  /** The identifier system a `gs1` column stands for. */
  readonly system?: string;
  /** For columns that apply to every quantity of the level (`unit`, package identifiers): the quantities. */
  readonly quantities?: ReadonlyArray<readonly Token[]>;
  /** An example cell, for the documentation. */
  readonly example: string;
}

/** Identifier systems of the GS1 columns. */
export const GS1_SYSTEMS = {
  Gln: 'https://www.gs1.org/gln',
  Gtin: 'https://www.gs1.org/gtin',
} as const;

/** A column filling one member with a converted cell. */
export function member(
  name: string,
  level: Level,
  path: readonly Token[],
  example: string,
  kind: 'text' | 'number' | 'boolean' | 'list' | 'marketScope' = 'text',
): ColumnSpec {
  return { name, level, kind, path, example };
}

/**
 * The three columns of one identifier: `<prefix>Gln` or `<prefix>Gtin` (the GS1 key), and the generic
 * `<prefix>IdSystem` + `<prefix>IdValue` for any other system. `path` is the identifier object.
 */
export function identifier(
  prefix: string,
  level: Level,
  path: readonly Token[],
  gs1: keyof typeof GS1_SYSTEMS | undefined,
  examples: { gs1?: string; system: string; value: string },
): ColumnSpec[] {
  const columns: ColumnSpec[] = [];
  if (gs1 !== undefined) {
    columns.push({
      name: `${prefix}${gs1}`,
      level,
      kind: 'gs1',
      path,
      system: GS1_SYSTEMS[gs1],
      example: examples.gs1 ?? '',
    });
  }
  columns.push(
    { name: `${prefix}IdSystem`, level, kind: 'idSystem', path, example: examples.system },
    { name: `${prefix}IdValue`, level, kind: 'idValue', path, example: examples.value },
  );
  return columns;
}

/**
 * Quantity columns sharing one unit column and one package identifier: a value column per
 * quantity (`[name, path of the quantity, example]`), then the unit, then `packageGtin`,
 * `packageIdSystem`, `packageIdValue` (the `packageRef` of every quantity filled).
 */
export function quantities(
  level: Level,
  members: ReadonlyArray<readonly [string, readonly Token[], string]>,
  unit: { name: string; example: string },
  withPackage = true,
): ColumnSpec[] {
  const paths = members.map(([, path]) => path);
  const columns: ColumnSpec[] = members.map(([name, path, example]) =>
    member(name, level, [...path, 'value'], example, 'number'),
  );
  columns.push({
    name: unit.name,
    level,
    kind: 'unit',
    path: ['unit'],
    quantities: paths,
    example: unit.example,
  });
  if (withPackage) {
    const packageRef = ['packageRef'];
    columns.push(
      {
        name: 'packageGtin',
        level,
        kind: 'gs1',
        path: packageRef,
        system: GS1_SYSTEMS.Gtin,
        quantities: paths,
        example: '',
      },
      { name: 'packageIdSystem', level, kind: 'idSystem', path: packageRef, quantities: paths, example: '' },
      { name: 'packageIdValue', level, kind: 'idValue', path: packageRef, quantities: paths, example: '' },
    );
  }
  return columns;
}

/** A period's three columns: `<prefix>Start`, `<prefix>End`, `<prefix>Granularity`. */
export function period(
  prefix: string,
  level: Level,
  path: readonly Token[],
  start: string,
  end: string,
  granularity: string,
): ColumnSpec[] {
  return [
    member(`${prefix}Start`, level, [...path, 'start'], start),
    member(`${prefix}End`, level, [...path, 'end'], end),
    member(`${prefix}Granularity`, level, [...path, 'granularity'], granularity),
  ];
}

/** A coding's three columns: `<prefix>System`, `<prefix>Code`, `<prefix>Display`. */
export function coding(
  prefix: string,
  level: Level,
  path: readonly Token[],
  system: string,
  code: string,
  display: string,
): ColumnSpec[] {
  return [
    member(`${prefix}System`, level, [...path, 'system'], system),
    member(`${prefix}Code`, level, [...path, 'code'], code),
    member(`${prefix}Display`, level, [...path, 'display'], display),
  ];
}

/** The paths a column fills, relative to its level (one per quantity for quantity-wide columns). */
export function columnTargets(column: ColumnSpec): Token[][] {
  const bases = column.quantities ?? [[]];
  const leaf = (base: readonly Token[]): Token[][] => {
    switch (column.kind) {
      case 'gs1':
        return [
          [...base, ...column.path, 'value'],
          [...base, ...column.path, 'system'],
        ];
      case 'idSystem':
        return [[...base, ...column.path, 'system']];
      case 'idValue':
        return [[...base, ...column.path, 'value']];
      default:
        return [[...base, ...column.path]];
    }
  };
  return bases.flatMap(leaf);
}
