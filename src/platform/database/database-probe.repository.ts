import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rowsOf } from './base.repository';

/** The cheapest round trip to PostgreSQL: whether it answers at all (the outage watch). */
@Injectable()
export class DatabaseProbeRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async ping(): Promise<void> {
    await rowsOf(this.dataSource, 'SELECT 1');
  }
}
