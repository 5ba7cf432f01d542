import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { col, firstRow, RowShapeError, rowsOf, rowShape } from '../../platform/database';
import { keySumOf } from './domain/disclosure';
import type { Statement } from './domain/statistics.sql';
import type { MeasureValue } from './measures/measure';

/** One row of a statistics table: a cell (d0…dn) or the total; n units and their key sum. */
export interface Cell {
  total: boolean;
  n: number;
  keySum: bigint;
  /** The dimension values d0…dn (text or null), in the order grouped by. */
  values: (string | null)[];
}

const DIMENSION = col.text().orNull();
const CELL = rowShape('statistics', { total: col.bool(), n: col.int(), key_sum: col.text().orNull() });
const COUNT = rowShape('count', { n: col.int(), key_sum: col.text().orNull() });
const MEDIAN = rowShape('median', { n: col.int(), median: col.number().orNull() });

/**
 * Runs the statistics statements that the pure builders compile (domain/statistics.sql.ts,
 * measures/case-measures.sql.ts) over the reporting views, the declared read models of the modules
 * below, and checks what comes back. Reads only, outside any transaction.
 */
@Injectable()
export class FigureRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A table's cells and total (tableStatement), with `dimensions` dimension columns. */
  async cells(st: Statement, dimensions: number): Promise<Cell[]> {
    const rows = await rowsOf<Record<string, unknown>>(this.dataSource.manager, st.sql, st.params);
    return rows.map((raw) => {
      const r = CELL.parse(raw);
      const values: (string | null)[] = [];
      for (let i = 0; i < dimensions; i++) {
        // Every dimension is selected as text (or null).
        const v = raw[`d${i}`] ?? null;
        if (!DIMENSION.check(v)) throw new RowShapeError(`statistics.d${i}: not a text or null`);
        values.push(v);
      }
      return { total: r.total, n: r.n, keySum: keySumOf(r.key_sum), values };
    });
  }

  /** A count of records about people and its key sum. */
  async count(st: Statement): Promise<MeasureValue> {
    const row = await firstRow(this.dataSource.manager, st.sql, st.params);
    const r = row === undefined ? undefined : COUNT.parse(row);
    return { kind: 'count', count: r?.n ?? 0, keySum: keySumOf(r?.key_sum) };
  }

  /** A median over cases, with the number of cases behind it. */
  async median(st: Statement): Promise<MeasureValue> {
    const row = await firstRow(this.dataSource.manager, st.sql, st.params);
    const r = row === undefined ? undefined : MEDIAN.parse(row);
    return { kind: 'median', median: r?.median ?? null, cases: r?.n ?? 0 };
  }
}
