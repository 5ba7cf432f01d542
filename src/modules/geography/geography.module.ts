import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CommuneEntity } from './entities/commune.entity';
import { ProvinceEntity } from './entities/province.entity';
import { GeographyController } from './geography.controller';
import { GeographyService } from './geography.service';

@Module({
  imports: [TypeOrmModule.forFeature([ProvinceEntity, CommuneEntity])],
  controllers: [GeographyController],
  providers: [GeographyService],
  exports: [GeographyService],
})
export class GeographyModule {}
