import type { GeneratedOrganization } from './generate-cases';

/**
 * The demo's fixed world: organisations of every type of config/catalogues/organization-types.yaml, the
 * directory's providers, and who signs in. Every name is made up and ends in "(demo)"; phone numbers are
 * Hanoi fixed-line numbers whose subscriber part starts with 0, which is never assigned (0 is the trunk
 * prefix).
 */

/** The organisation whose presence says that the demo data is there (its name is unique). */
export const DEMO_MARKER_ORGANIZATION = 'Sở Điều phối Dữ liệu Mẫu Hà Nội (demo)';

/** The organisations that take cases, with their share of them (bench/generate's generation). */
export const DEMO_CASE_ORGANIZATIONS: GeneratedOrganization[] = [
  { name: 'Đường dây nóng Bình An (demo)', type: 'hotline', share: 45 },
  { name: 'Trung tâm Công tác xã hội Hoa Sen (demo)', type: 'social_work_centre', share: 35 },
  { name: 'Trung tâm Công tác xã hội Sông Nhị (demo)', type: 'social_work_centre', share: 20 },
];

export interface DemoProvider {
  organization: string;
  type: string;
  /** Beds, for the types that admit people. */
  capacity?: number;
  hours: string;
  /** Communes served besides its own: this many, drawn from the city's. */
  areaServed: number;
  languages: string[];
}

/**
 * The providers, one per organisation (the social work centres give services too). Their services are
 * those of config/catalogues/services.yaml whose providerTypes name their type.
 */
export const DEMO_PROVIDERS: DemoProvider[] = [
  {
    organization: 'Nhà tạm lánh Cánh Cò (demo)',
    type: 'safe_house',
    capacity: 12,
    hours: '24/7',
    areaServed: 40,
    languages: ['vi'],
  },
  {
    organization: 'Nhà tạm lánh Mái Ấm (demo)',
    type: 'safe_house',
    capacity: 8,
    hours: '24/7',
    areaServed: 30,
    languages: ['vi', 'en'],
  },
  {
    organization: 'Địa chỉ tin cậy thôn Đông (demo)',
    type: 'trusted_address',
    capacity: 2,
    hours: '24/7',
    areaServed: 2,
    languages: ['vi'],
  },
  {
    organization: 'Địa chỉ tin cậy tổ dân phố Tây (demo)',
    type: 'trusted_address',
    capacity: 2,
    hours: '24/7',
    areaServed: 2,
    languages: ['vi'],
  },
  {
    organization: 'Địa chỉ tin cậy xóm Nam (demo)',
    type: 'trusted_address',
    capacity: 2,
    hours: '24/7',
    areaServed: 2,
    languages: ['vi', 'hmn'],
  },
  {
    organization: 'Bệnh viện Đa khoa Phượng Vĩ (demo)',
    type: 'health',
    hours: '24/7',
    areaServed: 60,
    languages: ['vi', 'en'],
  },
  {
    organization: 'Trạm Y tế xã Mẫu Sơn (demo)',
    type: 'health',
    hours: '7:00–17:00',
    areaServed: 3,
    languages: ['vi'],
  },
  {
    organization: 'Công an xã Mẫu Sơn (demo)',
    type: 'police',
    hours: '24/7',
    areaServed: 3,
    languages: ['vi'],
  },
  {
    organization: 'Trung tâm Trợ giúp pháp lý Cây Đa (demo)',
    type: 'legal_aid',
    hours: '8:00–17:00, thứ Hai–thứ Sáu',
    areaServed: 126,
    languages: ['vi'],
  },
  {
    organization: 'Phòng Tham vấn Tâm lý Bình Minh (demo)',
    type: 'psychosocial',
    hours: '8:00–20:00',
    areaServed: 50,
    languages: ['vi', 'en'],
  },
  {
    organization: 'Ủy ban nhân dân xã Mẫu Sơn (demo)',
    type: 'commune_office',
    hours: '7:30–17:00',
    areaServed: 0,
    languages: ['vi'],
  },
  {
    organization: 'Ủy ban nhân dân phường Mẫu Hòa (demo)',
    type: 'commune_office',
    hours: '7:30–17:00',
    areaServed: 0,
    languages: ['vi'],
  },
  {
    organization: 'Trung tâm Công tác xã hội Hoa Sen (demo)',
    type: 'social_work_centre',
    capacity: 6,
    hours: '8:00–17:00',
    areaServed: 126,
    languages: ['vi', 'en'],
  },
];

/** Organisations without a provider or cases. */
export const DEMO_OTHER_ORGANIZATIONS: { name: string; type: string }[] = [
  { name: DEMO_MARKER_ORGANIZATION, type: 'department' },
];

/** The roles of config/catalogues/roles.yaml and the organisation each demo user belongs to. */
export const DEMO_USERS: { role: string; organization: string; displayName: string }[] = [
  {
    role: 'hotline_operator',
    organization: 'Đường dây nóng Bình An (demo)',
    displayName: 'Trực máy Mẫu (demo)',
  },
  {
    role: 'counsellor',
    organization: 'Trung tâm Công tác xã hội Hoa Sen (demo)',
    displayName: 'Tư vấn viên Mẫu (demo)',
  },
  {
    role: 'supervisor',
    organization: 'Trung tâm Công tác xã hội Hoa Sen (demo)',
    displayName: 'Giám sát viên Mẫu (demo)',
  },
  {
    role: 'provider_staff',
    organization: 'Nhà tạm lánh Cánh Cò (demo)',
    displayName: 'Cán bộ nhà tạm lánh Mẫu (demo)',
  },
  {
    role: 'centre_manager',
    organization: 'Trung tâm Công tác xã hội Hoa Sen (demo)',
    displayName: 'Quản lý trung tâm Mẫu (demo)',
  },
  { role: 'admin', organization: DEMO_MARKER_ORGANIZATION, displayName: 'Quản trị viên Mẫu (demo)' },
  { role: 'auditor', organization: DEMO_MARKER_ORGANIZATION, displayName: 'Kiểm tra viên Mẫu (demo)' },
];

/** demo.<role>, e.g. demo.hotline_operator. */
export const demoUsername = (role: string): string => `demo.${role}`;

/** Weights of the services a referral asks for (plausible, not statistics). */
export const REFERRAL_SERVICE_WEIGHTS: Record<string, number> = {
  psychological_counselling: 30,
  legal_aid: 20,
  medical_care: 20,
  shelter: 12,
  police_protection: 8,
  economic_support: 5,
  child_protection: 3,
  reintegration: 2,
};

/**
 * Community activities when config/catalogues/activity-kinds.yaml is missing or says nothing of them:
 * the kinds the issue names, with the plan's project and model (Model 3 clubs, Model 4 conventions,
 * Model 5 counselling points) and how often each happens.
 */
export const DEMO_ACTIVITY_KINDS: {
  key: string;
  project: number;
  model: number | null;
  weight: number;
  title: string;
}[] = [
  { key: 'communication_campaign', project: 1, model: null, weight: 15, title: 'Chiến dịch truyền thông' },
  { key: 'awareness_session', project: 1, model: null, weight: 30, title: 'Buổi nâng cao nhận thức' },
  { key: 'training_course', project: 2, model: null, weight: 10, title: 'Lớp tập huấn' },
  { key: 'club_meeting', project: 3, model: 3, weight: 25, title: 'Sinh hoạt câu lạc bộ' },
  { key: 'convention_revision', project: 3, model: 4, weight: 5, title: 'Sửa đổi hương ước, quy ước' },
  {
    key: 'counselling_point_session',
    project: 3,
    model: 5,
    weight: 15,
    title: 'Buổi tư vấn tại điểm tư vấn',
  },
];

export const DEMO_AUDIENCES = [
  'officials',
  'students',
  'residents',
  'youth',
  'reporters',
  'ge_staff',
  'village_heads',
  'ethnic_minority',
  'women_leaders',
];

export const DEMO_DENOMINATOR_KEYS = ['officials', 'students', 'residential_clusters', 'ge_staff'];
