import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommuneEntity } from './entities/commune.entity';
import { ProvinceEntity } from './entities/province.entity';
import { GeographyController } from './geography.controller';
import { GeographyService } from './geography.service';
import { UnitRepository } from './unit.repository';

@Module({
  imports: [TypeOrmModule.forFeature([ProvinceEntity, CommuneEntity])],
  controllers: [GeographyController],
  providers: [GeographyService, UnitRepository],
  exports: [GeographyService],
})
export class GeographyModule {}
