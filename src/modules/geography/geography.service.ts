import { Injectable } from '@nestjs/common';
import { DomainError } from '../../platform/http';
import { CommuneDto, ProvinceDto } from './dto/geography.dto';
import { UnitRepository } from './unit.repository';
import './geography.errors';

/** The national list of units in force. It changes only by migration, so it is read once per process. */
@Injectable()
export class GeographyService {
  private provinces?: Promise<ProvinceDto[]>;
  private communes?: Promise<Map<string, CommuneDto[]>>;

  constructor(private readonly units: UnitRepository) {}

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

  private loadProvinces(): Promise<ProvinceDto[]> {
    return this.units.provincesInForce();
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
    for (const c of await this.units.communesInForce()) map.get(c.provinceCode)?.push(c);
    return map;
  }
}
