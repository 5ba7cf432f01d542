import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class ProvinceDto {
  @ApiProperty({ example: '01' }) code!: string;
  @ApiProperty({ example: 'Hà Nội' }) name!: string;
  @ApiProperty({ example: 'Thành phố Hà Nội' }) fullName!: string;
  @ApiProperty({ example: 'Thành phố' }) unitType!: string;
  @ApiProperty({ example: 'Hanoi' }) nameEn!: string;
}

export class CommuneDto {
  @ApiProperty({ example: '00004' }) code!: string;
  @ApiProperty({ example: 'Ba Đình' }) name!: string;
  @ApiProperty({ example: 'Phường Ba Đình' }) fullName!: string;
  @ApiProperty({ example: 'Phường', description: 'Phường, Xã or Đặc khu' }) unitType!: string;
  @ApiProperty({ example: 'Ba Dinh' }) nameEn!: string;
  @ApiProperty({ example: '01' }) provinceCode!: string;
}

export class ProvinceCodeParams {
  @ApiProperty({ example: '01', description: 'Two-digit province code' })
  @Matches(/^\d{2}$/, { message: 'provinceCode must be a two-digit province code such as 01' })
  provinceCode!: string;
}
