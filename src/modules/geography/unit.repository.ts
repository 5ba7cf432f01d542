import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { CommuneDto, ProvinceDto } from './dto/geography.dto';
import { CommuneEntity } from './entities/commune.entity';
import { ProvinceEntity } from './entities/province.entity';

/** The administrative units (geo_provinces, geo_communes): read only, changed by migration alone. */
@Injectable()
export class UnitRepository {
  constructor(
    @InjectRepository(ProvinceEntity) private readonly provinces: Repository<ProvinceEntity>,
    @InjectRepository(CommuneEntity) private readonly communes: Repository<CommuneEntity>,
  ) {}

  /** The provinces in force, by code. */
  async provincesInForce(): Promise<ProvinceDto[]> {
    const rows = await this.provinces.find({ where: { validTo: IsNull() }, order: { code: 'ASC' } });
    return rows.map((p) => ({
      code: p.code,
      name: p.name,
      fullName: p.fullName,
      unitType: p.unitType,
      nameEn: p.nameEn,
    }));
  }

  /** The communes in force, by code. */
  async communesInForce(): Promise<CommuneDto[]> {
    const rows = await this.communes.find({ where: { validTo: IsNull() }, order: { code: 'ASC' } });
    return rows.map((c) => ({
      code: c.code,
      name: c.name,
      fullName: c.fullName,
      unitType: c.unitType,
      nameEn: c.nameEn,
      provinceCode: c.provinceCode,
    }));
  }
}
