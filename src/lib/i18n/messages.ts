// UI strings in Simplified Chinese and English. Keys are flat and dotted by screen.
// The English accessible names of buttons and links listed under "Stable names for
// automation" in DESIGN.md must not change.
import type { Lang } from '../domain/types';

const zh = {
  'app.name': '画像 Portrait',
  'app.tagline': '客户画像工作台 · 数据只在本机',
  'nav.label': '主导航',
  'nav.import': '导入',
  'nav.quality': '数据质量',
  'nav.segments': '分群',
  'nav.tags': '标签',
  'nav.personas': '画像',
  'nav.reports': '报告',
  'nav.privacy': '隐私',
  'lang.label': '语言',
  'lang.zh-CN': '简体中文',
  'lang.en': 'English',
  'theme.label': '外观',
  'theme.system': '跟随系统',
  'theme.light': '浅色',
  'theme.dark': '深色',
  'storage.label': '本地存储',
  'storage.persisted': '已持久保存',
  'storage.notPersisted': '未持久保存（浏览器可能在空间不足时清除）',
  'storage.usage': '已用 {used} / 可用 {quota}',
  'storage.unknown': '存储信息不可用',
  'storage.badge.persisted': '持久',
  'storage.badge.temporary': '临时',
  'pwa.updateReady': '有新版本可用。',
  'pwa.reload': '重新加载',
  'pwa.later': '稍后',
  'pwa.offlineReady': '已可离线使用。',
  'pwa.dismiss': '知道了',
  'error.title': '出错了',
  'error.body':
    '画像遇到一个意外错误。你的数据仍保存在本机。可以重试，或复制错误详情（不含任何数据内容）报告问题。',
  'error.retry': '重试',
  'error.copy': '复制详情',
  'error.copied': '已复制',
  'error.dismiss': '关闭',
  'empty.linkImport': '前往导入',
  'import.title': '导入数据',
  'import.lead':
    '把 CRM、ERP、店铺后台、收银或问卷导出的 CSV 文件拖到窗口任意位置，或选择文件。文件只在本机处理，不会上传。',
  'import.choose': '选择文件',
  'import.drop': '松开以导入文件',
  'import.dropHint': '或把文件拖到窗口任意位置（可一次多个）',
  'import.sample': '试用示例数据',
  'import.sampleLead':
    '没有数据？载入内置的零售示例（约 2 万客户、20 万订单、3 千份问卷，全部为虚构）。',
  'import.queued': '待导入的文件',
  'import.start': '开始导入',
  'import.clear': '清空',
  'import.fromOs': '来自系统打开的文件',
  'import.sampleLoading': '正在载入示例数据…',
  'import.pending': '解析与导入将在导入功能中提供：文件会在本机的后台线程中解码、解析并化名。',
  'quality.title': '数据质量',
  'quality.empty':
    '这里将显示每个数据集的数据质量报告：读取、保留和排除的行数及原因，每列的类型、缺失率、取值分布和问题清单，并可下载被拒绝的行。',
  'segments.title': '分群',
  'segments.empty': '这里将显示 RFM 八类客户、生命周期阶段和 k-means 聚类，以及各群体的特征画像。',
  'tags.title': '标签',
  'tags.empty':
    '这里将显示标签体系：事实标签、规则标签和模型标签，以及按用途（营销、画像、共享）过滤同意后的客户名单。',
  'personas.title': '画像',
  'personas.empty':
    '这里将显示由分群生成的画像故事卡：姓名、头像、引言、目标、痛点和行为，每个数字都可追溯到统计依据。',
  'reports.title': '报告',
  'reports.empty':
    '这里可以导出只含汇总数据的画像报告：HTML、PNG 海报、打印/PDF、CSV 和摘要 JSON。',
  'privacy.title': '隐私',
  'privacy.empty':
    '这里将说明每一列如何处理（化名、派生、掩码、丢弃或保留原文），显示各用途的同意情况、审计日志，并提供删除、查询和备份功能。',
  'privacy.promise': '画像不向任何服务器发送数据：没有 CDN、没有远程字体或图片、没有统计分析。',
  'common.noData': '还没有数据。',
} as const;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  'app.name': 'Portrait 画像',
  'app.tagline': 'Customer personas · your data stays on this device',
  'nav.label': 'Main navigation',
  'nav.import': 'Import',
  'nav.quality': 'Data quality',
  'nav.segments': 'Segments',
  'nav.tags': 'Tags',
  'nav.personas': 'Personas',
  'nav.reports': 'Reports',
  'nav.privacy': 'Privacy',
  'lang.label': 'Language',
  'lang.zh-CN': '简体中文',
  'lang.en': 'English',
  'theme.label': 'Appearance',
  'theme.system': 'System',
  'theme.light': 'Light',
  'theme.dark': 'Dark',
  'storage.label': 'Local storage',
  'storage.persisted': 'Persistent',
  'storage.notPersisted': 'Not persistent (the browser may clear it when space runs low)',
  'storage.usage': '{used} used of {quota} available',
  'storage.unknown': 'Storage information unavailable',
  'storage.badge.persisted': 'Persistent',
  'storage.badge.temporary': 'Temporary',
  'pwa.updateReady': 'A new version is available.',
  'pwa.reload': 'Reload',
  'pwa.later': 'Later',
  'pwa.offlineReady': 'Ready to work offline.',
  'pwa.dismiss': 'OK',
  'error.title': 'Something went wrong',
  'error.body':
    'Portrait hit an unexpected error. Your data is still stored on this device. Try again, or copy the details (they hold no data values) to report it.',
  'error.retry': 'Try again',
  'error.copy': 'Copy details',
  'error.copied': 'Copied',
  'error.dismiss': 'Dismiss',
  'empty.linkImport': 'Go to Import',
  'import.title': 'Import data',
  'import.lead':
    'Drag CSV exports from a CRM, ERP, shop back office, POS or survey tool anywhere onto this window, or choose files. Files are processed on this device and never uploaded.',
  'import.choose': 'Choose files',
  'import.drop': 'Drop to import the files',
  'import.dropHint': 'or drop files anywhere on this window (several at once)',
  'import.sample': 'Try sample data',
  'import.sampleLead':
    'No data at hand? Load the built-in retail sample (about 20,000 customers, 200,000 orders and 3,000 survey answers, all fictitious).',
  'import.queued': 'Files to import',
  'import.start': 'Start import',
  'import.clear': 'Clear',
  'import.fromOs': 'Opened from the system',
  'import.sampleLoading': 'Loading the sample data…',
  'import.pending':
    'Parsing and import arrive with the import feature: files are decoded, parsed and pseudonymized in a background thread on this device.',
  'quality.title': 'Data quality',
  'quality.empty':
    'A data-quality report per dataset will appear here: rows read, kept and excluded with reasons; per column its type, missing share, distribution and problems; and a download of the rejected rows.',
  'segments.title': 'Segments',
  'segments.empty':
    'The eight RFM segments, lifecycle stages and k-means clusters will appear here, with a profile of each group.',
  'tags.title': 'Tags',
  'tags.empty':
    'The tag tree will appear here: fact, rule and model tags, and consent-filtered customer lists per purpose (marketing, profiling, sharing).',
  'personas.title': 'Personas',
  'personas.empty':
    'Story-card personas built from your segments will appear here: name, picture, quote, goals, pains and behaviour, each figure traceable to its statistics.',
  'reports.title': 'Reports',
  'reports.empty':
    'Export persona reports that hold aggregates only: HTML, PNG poster, print/PDF, CSV and summary JSON.',
  'privacy.title': 'Privacy',
  'privacy.empty':
    'How each column is handled (pseudonymized, derived, masked, dropped or kept raw), consent per purpose, the audit log, erasure, access requests and backups will appear here.',
  'privacy.promise':
    'Portrait sends no data to any server: no CDN, no remote fonts or images, no analytics.',
  'common.noData': 'No data yet.',
};

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zh, en };
