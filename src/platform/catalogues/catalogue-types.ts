/** The shapes of a loaded catalogue (config/catalogues/*.yaml), shared by the loader and its checks. */

/** One entry of a catalogue: an append-only English key with Vietnamese and English labels. */
export interface CatalogueItem {
  key: string;
  vi: string;
  en: string;
  [extra: string]: unknown;
}

/** A level of a scored catalogue (risk-questionnaire): reached from minScore up to the next level's. */
export interface CatalogueLevel {
  level: string;
  minScore: number;
  /** Reaching this level alerts the organisation's supervisors. */
  alert: boolean;
  vi: string;
  en: string;
  [extra: string]: unknown;
}

/** A question of the risk questionnaire, as the loader checked it. */
export interface RiskQuestion extends CatalogueItem {
  type: 'boolean' | 'scale';
  /** For a scale: answers are whole numbers from 0 to max. */
  max?: number;
  weight: number;
}

export interface RiskQuestionnaire {
  items: RiskQuestion[];
  /** Ascending by minScore, the first at 0. */
  levels: CatalogueLevel[];
}

export interface Catalogue {
  name: string;
  label: { vi: string; en: string };
  items: CatalogueItem[];
  groups?: CatalogueItem[];
  levels?: CatalogueLevel[];
}
