import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { DomainError } from '../../platform/http';
import { CommuneDto, ProvinceDto } from './dto/geography.dto';
import { CommuneEntity } from './entities/commune.entity';
import { ProvinceEntity } from './entities/province.entity';
import './geography.errors';

/** The national list of units in force. It changes only by migration, so it is read once per process. */
@Injectable()
export class GeographyService {
  private provinces?: Promise<ProvinceDto[]>;
  private communes?: Promise<Map<string, CommuneDto[]>>;

  constructor(
    @InjectRepository(ProvinceEntity) private readonly provinceRepo: Repository<ProvinceEntity>,
    @InjectRepository(CommuneEntity) private readonly communeRepo: Repository<CommuneEntity>,
  ) {}

  listProvinces(): Promise<ProvinceDto[]> {
    this.provinces ??= this.loadProvinces().catch((e: unknown) => {
      this.provinces = undefined;
      throw e;
    });
    return this.provinces;
  }

  async listCommunes(provinceCode: string): Promise<CommuneDto[]> {
    const byProvince = await this.communesByProvince();
    const list = byProvince.get(provinceCode);
    if (!list) throw new DomainError('GEOGRAPHY_PROVINCE_NOT_FOUND', { code: provinceCode });
    return list;
  }

  /** For other modules: is this a commune in force (optionally within the province)? */
  async communeExists(code: string, provinceCode?: string): Promise<boolean> {
    const byProvince = await this.communesByProvince();
    const lists = provinceCode ? [byProvince.get(provinceCode) ?? []] : [...byProvince.values()];
    return lists.some((l) => l.some((c) => c.code === code));
  }

  async provinceExists(code: string): Promise<boolean> {
    return (await this.listProvinces()).some((p) => p.code === code);
  }

  private async loadProvinces(): Promise<ProvinceDto[]> {
    const rows = await this.provinceRepo.find({ where: { validTo: IsNull() }, order: { code: 'ASC' } });
    return rows.map((p) => ({
      code: p.code,
      name: p.name,
      fullName: p.fullName,
      unitType: p.unitType,
      nameEn: p.nameEn,
    }));
  }

  private communesByProvince(): Promise<Map<string, CommuneDto[]>> {
    this.communes ??= this.loadCommunes().catch((e: unknown) => {
      this.communes = undefined;
      throw e;
    });
    return this.communes;
  }

  private async loadCommunes(): Promise<Map<string, CommuneDto[]>> {
    const map = new Map<string, CommuneDto[]>();
    for (const p of await this.listProvinces()) map.set(p.code, []);
    const rows = await this.communeRepo.find({ where: { validTo: IsNull() }, order: { code: 'ASC' } });
    for (const c of rows) {
      map.get(c.provinceCode)?.push({
        code: c.code,
        name: c.name,
        fullName: c.fullName,
        unitType: c.unitType,
        nameEn: c.nameEn,
        provinceCode: c.provinceCode,
      });
    }
    return map;
  }
}
