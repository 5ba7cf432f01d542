import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../../platform/http';
import { CommuneDto, ProvinceCodeParams, ProvinceDto } from './dto/geography.dto';
import { GeographyService } from './geography.service';

@ApiTags('geography')
@Controller('geography')
export class GeographyController {
  constructor(private readonly geography: GeographyService) {}

  @Get('provinces')
  @Public('the official list of administrative units is public reference data')
  @ApiOperation({ summary: 'All provinces in force (returned whole)' })
  @ApiOkResponse({ type: ProvinceDto, isArray: true })
  provinces(): Promise<ProvinceDto[]> {
    return this.geography.listProvinces();
  }

  @Get('provinces/:provinceCode/communes')
  @Public('the official list of administrative units is public reference data')
  @ApiOperation({ summary: 'All commune-level units of a province (returned whole)' })
  @ApiOkResponse({ type: CommuneDto, isArray: true })
  @ApiNotFoundResponse({ description: 'GEOGRAPHY_PROVINCE_NOT_FOUND' })
  communes(@Param() params: ProvinceCodeParams): Promise<CommuneDto[]> {
    return this.geography.listCommunes(params.provinceCode);
  }
}
