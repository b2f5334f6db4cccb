// How sizes, dates and file types read in the UI. Sizes use base 1024 with the short
// labels people expect from Finder and Explorer (KB, MB, GB, TB, PB).

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'] as const;

export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes <= 0) return '0 B';
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // One decimal below 100 keeps columns readable; promote when rounding reaches 1024.
  let text = value < 100 ? value.toFixed(1) : Math.round(value).toString();
  if (Number(text) >= 1024 && unit < UNITS.length - 1) {
    unit += 1;
    text = (value / 1024).toFixed(1);
  }
  return `${text} ${UNITS[unit]}`;
}

export interface DateOptions {
  locale?: string;
  timeZone?: string;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(opts: DateOptions): Intl.DateTimeFormat {
  const id = `${opts.locale ?? ''}|${opts.timeZone ?? ''}`;
  let fmt = dateFormats.get(id);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat(opts.locale, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: opts.timeZone,
    });
    dateFormats.set(id, fmt);
  }
  return fmt;
}

/** Local date and time, e.g. "Nov 22, 2026, 14:03"; an em dash when unknown. */
export function formatDate(epochMs: number | null | undefined, opts: DateOptions = {}): string {
  if (epochMs === null || epochMs === undefined || !Number.isFinite(epochMs)) return '—';
  return dateFormat(opts).format(new Date(epochMs));
}

const TYPES: Record<string, string> = {
  png: 'PNG image',
  jpg: 'JPEG image',
  jpeg: 'JPEG image',
  gif: 'GIF image',
  webp: 'WebP image',
  avif: 'AVIF image',
  heic: 'HEIC image',
  bmp: 'BMP image',
  tif: 'TIFF image',
  tiff: 'TIFF image',
  svg: 'SVG image',
  ico: 'Icon',
  txt: 'Text',
  md: 'Markdown',
  csv: 'CSV',
  tsv: 'TSV',
  log: 'Log',
  json: 'JSON',
  xml: 'XML',
  yaml: 'YAML',
  yml: 'YAML',
  toml: 'TOML',
  ini: 'Settings',
  html: 'HTML',
  htm: 'HTML',
  css: 'CSS',
  js: 'JavaScript',
  mjs: 'JavaScript',
  ts: 'TypeScript',
  py: 'Python',
  rs: 'Rust',
  go: 'Go',
  java: 'Java',
  c: 'C source',
  h: 'C header',
  cpp: 'C++ source',
  sh: 'Shell script',
  sql: 'SQL',
  pdf: 'PDF document',
  doc: 'Word document',
  docx: 'Word document',
  xls: 'Spreadsheet',
  xlsx: 'Spreadsheet',
  ppt: 'Presentation',
  pptx: 'Presentation',
  key: 'Presentation',
  odp: 'Presentation',
  odt: 'Document',
  ods: 'Spreadsheet',
  rtf: 'Rich text',
  epub: 'E-book',
  zip: 'ZIP archive',
  gz: 'Gzip archive',
  tgz: 'Gzip archive',
  bz2: 'Bzip2 archive',
  xz: 'XZ archive',
  zst: 'Zstandard archive',
  tar: 'TAR archive',
  '7z': '7-Zip archive',
  rar: 'RAR archive',
  dmg: 'Disk image',
  iso: 'Disk image',
  img: 'Disk image',
  mp3: 'MP3 audio',
  wav: 'WAV audio',
  flac: 'FLAC audio',
  ogg: 'Ogg audio',
  m4a: 'AAC audio',
  aac: 'AAC audio',
  mp4: 'MPEG-4 video',
  m4v: 'MPEG-4 video',
  mov: 'QuickTime video',
  webm: 'WebM video',
  mkv: 'Matroska video',
  avi: 'AVI video',
  ttf: 'Font',
  otf: 'Font',
  woff: 'Web font',
  woff2: 'Web font',
  wasm: 'WebAssembly',
  exe: 'Application',
  msi: 'Installer',
  deb: 'Debian package',
  rpm: 'RPM package',
  apk: 'Android package',
  parquet: 'Parquet data',
  sqlite: 'SQLite database',
  db: 'Database',
  bak: 'Backup',
};

/** The extension a name ends with, lower-cased; none for dotfiles like ".env". */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return '';
  return name.slice(dot + 1).toLowerCase();
}

export function typeLabel(name: string, kind: 'folder' | 'file'): string {
  if (kind === 'folder') return 'Folder';
  return TYPES[extensionOf(name)] ?? 'File';
}

/** Control characters (legal in keys) drawn as visible symbols instead of breaking the row. */
export function visibleName(name: string): string {
  if (name === '') return '(empty name)';
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => {
    const code = c.charCodeAt(0);
    return String.fromCharCode(code === 0x7f ? 0x2421 : 0x2400 + code);
  });
}

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** A transfer speed, e.g. "2.4 MB/s". */
export function formatRate(bytesPerSecond: number): string {
  return `${formatSize(bytesPerSecond)}/s`;
}

/** Time left, rounded the way people read it: "8 s", "4 min", "1 h 20 min", "3 days". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  // Under ten minutes the seconds still matter; past that they only flicker.
  if (s < 600) {
    const m = Math.floor(s / 60);
    const rest = s % 60;
    return rest === 0 ? `${m} min` : `${m} min ${rest} s`;
  }
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
  return `${Math.round(h / 24)} days`;
}
