export { GeographyModule } from './geography.module';
export { GeographyService } from './geography.service';
export type { CommuneDto, ProvinceDto } from './dto/geography.dto';
