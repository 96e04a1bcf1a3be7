// English and Traditional Chinese labels. The choice is remembered in localStorage so
// an officer who reads Chinese gets Chinese on every visit. Entity names follow the
// same choice (Chinese name, else English), with the other language's name beside it.

const EN = {
  appName: "Collaboration Graph",
  searchLabel: "Search",
  searchPlaceholder: "Name, 中文名 or abbreviation",
  navExplore: "Explore",
  navPaths: "Paths",
  navPlanner: "Planner",
  navChanges: "What changed",
  apiKey: "API key",
  apiKeyPlaceholder: "gk_… (analyst or admin)",
  apiKeySave: "Use key",
  apiKeyClear: "Forget",
  apiKeyHint: "Kept for this tab only.",
  apiKeySaved: "Key in use for this tab.",
  apiKeyNone: "No key: you are a viewer.",
  language: "Language",
  footerGraphiql: "GraphiQL (write queries yourself)",
  footerNote: "Sample data is marked; real data carries its source.",
  networkError: "The service could not be reached",
  needsRole: "This needs the {role} role.",
  pasteKey: "Paste an API key of that role into the “API key” box at the top (the first `graph-api serve` prints an admin key; `graph-api keys create --role analyst` makes more).",
  loading: "Loading…",
  noResults: "Nothing found.",
  sample: "Sample data",
  kind: "Kind",
  abbreviation: "Abbreviation",
  description: "Description",
  source: "Source",
  established: "Established",
  dissolved: "Dissolved",
  founded: "Founded",
  formerNames: "Former names",
  bureau: "Bureau",
  parentDepartment: "Parent department",
  supervisedBy: "Supervised by",
  origin: "Origin",
  size: "Size",
  date: "Date",
  venue: "Venue",
  theme: "Theme",
  eventType: "Event type",
  dateCertainty: "Date certainty",
  operatedBy: "Operated by",
  broader: "Broader technology",
  links: "Links",
  timeline: "Events attended (timeline)",
  evidence: "Evidence",
  confidence: "Confidence",
  role: "Role",
  need: "Need",
  project: "Project",
  entity: "Entity",
  showing: "showing {n} of {total}",
  showMore: "Show more",
  graph: "Graph",
  hops: "Hops",
  relKinds: "Relationship kinds",
  asOf: "As of",
  evidenceFilter: "Evidence",
  redraw: "Redraw",
  aliases: "Also known as",
  downloadPng: "Download PNG",
  downloadCsv: "Download CSV",
  legend: "Legend",
  nodesTable: "Entities in the graph",
  incomplete: "Not everything is shown:",
  expand: "Expand",
  openPage: "Open page",
  selected: "Selected",
  graphHelp: "Click a node to select and expand it; double-click to open its page. By keyboard: the Select button of a row in the table below.",
  selectInGraph: "Select",
  timeSlider: "Time slider",
  clearDate: "Today",
  pathsTitle: "Path finder",
  from: "From",
  to: "To",
  maxHops: "Max hops",
  k: "Paths (k)",
  via: "Via relationship kinds (none ticked: all)",
  exclude: "Route around (pick by name)",
  remove: "Remove",
  shownOf: "Showing the first {n} of {total}: narrow the question (a department, a period) to see the rest, or ask the API with a cursor.",
  between: "Between",
  and: "and",
  findPaths: "Find paths",
  pickBoth: "Choose both ends from the suggestions first.",
  path: "Path",
  direction: "Direction",
  noPath: "No path.",
  plannerTitle: "Smart Lab planner",
  department: "Department",
  allDepartments: "All departments (leave empty)",
  unmetNeeds: "Unmet needs",
  technologyCoverage: "Technology coverage",
  unreached: "Unreached departments",
  partnerCoverage: "Partner-body coverage",
  recommend: "Recommended matches",
  inviteList: "Invite list for the next forum",
  load: "Load",
  chooseDepartment: "Choose a department first.",
  technology: "Technology",
  supplierCount: "Suppliers",
  reason: "Reason",
  candidates: "Candidates",
  status: "Status",
  demand: "Demand",
  supply: "Supply",
  metDemand: "Met demand",
  contactEvents: "Contact events",
  lastEvent: "Last event",
  lastEventDate: "Last event date",
  bureauxNone: "Bureaux none of whose departments met an enterprise",
  partnerBody: "Partner body",
  enterprises: "Enterprises",
  metGovernment: "Met government",
  neverMet: "Never met",
  bureauxReached: "Bureaux reached",
  bureauxNotReached: "Bureaux not reached",
  enterprise: "Enterprise",
  score: "Score",
  reasons: "Reasons",
  metAlready: "Met already",
  perNeed: "Per need",
  buildInvite: "Build invite list",
  bestScore: "Best score",
  departmentsNeeds: "Departments' needs",
  inviteSummary: "{n} enterprises for {needs} unmet needs",
  yes: "yes",
  no: "no",
  changesTitle: "What changed",
  since: "Since",
  until: "Until (optional)",
  sinceForum: "Or since a forum",
  pickForum: "— pick an event —",
  showChanges: "Show changes",
  basis: "Count by",
  basisHappened: "when it happened",
  basisRecorded: "when it was recorded",
  newMeetings: "New meetings",
  newNeeds: "New needs",
  newOffers: "New offers",
  gapsClosed: "Gaps closed",
  gapsOpened: "Gaps opened",
  newParties: "New parties",
  firstTimeAttendees: "First-time attendees",
  party: "Party",
  event: "Event",
  closedBy: "Closed by",
  needSince: "Give a “since” date or pick a forum.",
  exploreTitle: "Explore the graph",
  exploreIntro: "Search above for a bureau, department, partner body, enterprise, technology or event, or start from one of these.",
  bureaux: "Policy bureaux",
  partnerBodies: "Partner bodies",
  recentEvents: "Events",
  notFound: "Page not found.",
  sortHint: "Click a column header to sort.",
  navRecord: "Record",
  realOnly: "Real data only",
  realOnlyHint: "Leave out links marked as sample data in the graph, paths, planner and what changed.",
  resultsFor: "Results for “{text}”",
  downloadSvg: "Download SVG",
  recordTitle: "Record a fact",
  recordAttendance: "Attendance",
  recordNeed: "Need",
  recordOffer: "Offer",
  recordIntro: "Pick entities by name from the suggestions. Recording needs the editor role; every fact needs a source.",
  recordNoKey: "You have no API key: recording needs a key of the editor role.",
  attendanceRole: "Role at the event",
  needText: "Business need",
  sourceField: "Source (URL or note)",
  dateField: "Date (YYYY-MM-DD, optional)",
  evidenceField: "Evidence",
  evidenceDefault: "RECORDED (default)",
  confidenceField: "Confidence (0 to 1, optional)",
  isSampleField: "This is invented sample data",
  recordButton: "Record",
  recording: "Recording…",
  chooseFromSuggestions: "Choose one from the suggestions.",
  required: "Required.",
  recorded: "Recorded:",
  recordedReplay: "This was recorded before (the same request sent again); nothing new was written.",
  openEntity: "Open the page of",
  recordAnother: "The form keeps its values for the next fact.",
  asOfPlanner: "As of (optional)",
} as const;

export type Key = keyof typeof EN;

const ZH: Record<Key, string> = {
  appName: "協作圖譜",
  searchLabel: "搜尋",
  searchPlaceholder: "名稱、中文名或簡稱",
  navExplore: "瀏覽",
  navPaths: "連繫路徑",
  navPlanner: "規劃",
  navChanges: "最新變化",
  apiKey: "API 金鑰",
  apiKeyPlaceholder: "gk_…（分析員或管理員）",
  apiKeySave: "使用金鑰",
  apiKeyClear: "清除",
  apiKeyHint: "只保留於此分頁。",
  apiKeySaved: "此分頁正使用金鑰。",
  apiKeyNone: "未有金鑰：你是檢視者。",
  language: "語言",
  footerGraphiql: "GraphiQL（自行撰寫查詢）",
  footerNote: "樣本資料均有標示；真實資料附有來源。",
  networkError: "無法連接服務",
  needsRole: "此功能需要 {role} 角色。",
  pasteKey: "請在頁頂「API 金鑰」欄貼上該角色的金鑰（首次執行 `graph-api serve` 會顯示管理員金鑰；`graph-api keys create --role analyst` 可建立更多）。",
  loading: "載入中…",
  noResults: "找不到結果。",
  sample: "樣本資料",
  kind: "類別",
  abbreviation: "簡稱",
  description: "簡介",
  source: "來源",
  established: "成立日期",
  dissolved: "解散日期",
  founded: "創立",
  formerNames: "舊稱",
  bureau: "決策局",
  parentDepartment: "上級部門",
  supervisedBy: "督導",
  origin: "來源地",
  size: "規模",
  date: "日期",
  venue: "地點",
  theme: "主題",
  eventType: "活動類型",
  dateCertainty: "日期準確度",
  operatedBy: "營運部門",
  broader: "上層技術",
  links: "關係",
  timeline: "出席活動（時間線）",
  evidence: "證據",
  confidence: "可信度",
  role: "角色",
  need: "需要",
  project: "項目",
  entity: "實體",
  showing: "顯示 {total} 項中的 {n} 項",
  showMore: "顯示更多",
  graph: "關係圖",
  hops: "層數",
  relKinds: "關係類別",
  asOf: "截至",
  evidenceFilter: "證據",
  redraw: "重新繪製",
  aliases: "別稱",
  downloadPng: "下載 PNG",
  downloadCsv: "下載 CSV",
  legend: "圖例",
  nodesTable: "圖中實體",
  incomplete: "未能全部顯示：",
  expand: "展開",
  openPage: "開啟頁面",
  selected: "已選",
  graphHelp: "按一下節點以選取並展開；按兩下開啟其頁面。使用鍵盤：按下方表格中該行的「選取」。",
  selectInGraph: "選取",
  timeSlider: "時間滑桿",
  clearDate: "今天",
  pathsTitle: "連繫路徑",
  from: "由",
  to: "至",
  maxHops: "最多層數",
  k: "路徑數目 (k)",
  via: "經由關係類別（不選即全部）",
  exclude: "避開（按名稱選擇）",
  remove: "移除",
  shownOf: "只顯示首 {n} 項，共 {total} 項：請收窄問題（部門、期間）以查看其餘項目，或以游標向 API 查詢。",
  between: "期間由",
  and: "至",
  findPaths: "尋找路徑",
  pickBoth: "請先從建議中選擇兩端。",
  path: "路徑",
  direction: "方向",
  noPath: "沒有路徑。",
  plannerTitle: "智慧政府創新實驗室規劃",
  department: "部門",
  allDepartments: "所有部門（留空）",
  unmetNeeds: "未滿足的需要",
  technologyCoverage: "技術覆蓋",
  unreached: "未接觸的部門",
  partnerCoverage: "夥伴機構覆蓋",
  recommend: "建議配對",
  inviteList: "下一次論壇的邀請名單",
  load: "載入",
  chooseDepartment: "請先選擇部門。",
  technology: "技術",
  supplierCount: "供應商",
  reason: "原因",
  candidates: "候選",
  status: "狀態",
  demand: "需求",
  supply: "供應",
  metDemand: "已滿足需求",
  contactEvents: "接觸活動",
  lastEvent: "最近活動",
  lastEventDate: "最近活動日期",
  bureauxNone: "轄下部門均未接觸企業的決策局",
  partnerBody: "夥伴機構",
  enterprises: "企業",
  metGovernment: "曾接觸政府",
  neverMet: "從未接觸",
  bureauxReached: "已接觸的決策局",
  bureauxNotReached: "未接觸的決策局",
  enterprise: "企業",
  score: "分數",
  reasons: "原因",
  metAlready: "已接觸",
  perNeed: "每項需要",
  buildInvite: "建立邀請名單",
  bestScore: "最高分數",
  departmentsNeeds: "部門需要",
  inviteSummary: "{n} 家企業，對應 {needs} 項未滿足的需要",
  yes: "是",
  no: "否",
  changesTitle: "最新變化",
  since: "由",
  until: "至（可選）",
  sinceForum: "或自某論壇起",
  pickForum: "— 選擇活動 —",
  showChanges: "顯示變化",
  basis: "計算依據",
  basisHappened: "發生日期",
  basisRecorded: "記錄日期",
  newMeetings: "新會面",
  newNeeds: "新需要",
  newOffers: "新供應",
  gapsClosed: "已填補的缺口",
  gapsOpened: "新出現的缺口",
  newParties: "新成員",
  firstTimeAttendees: "首次出席者",
  party: "一方",
  event: "活動",
  closedBy: "填補者",
  needSince: "請輸入「由」日期或選擇論壇。",
  exploreTitle: "瀏覽圖譜",
  exploreIntro: "在上方搜尋決策局、部門、夥伴機構、企業、技術或活動，或由以下開始。",
  bureaux: "決策局",
  partnerBodies: "夥伴機構",
  recentEvents: "活動",
  notFound: "找不到頁面。",
  sortHint: "按欄名排序。",
  navRecord: "記錄",
  realOnly: "只看真實資料",
  realOnlyHint: "在圖譜、路徑、規劃及變動中略去標為示例資料的連繫。",
  resultsFor: "顯示「{text}」的結果",
  downloadSvg: "下載 SVG",
  recordTitle: "記錄事實",
  recordAttendance: "出席",
  recordNeed: "需要",
  recordOffer: "提供技術",
  recordIntro: "從建議中按名稱選擇實體。記錄需要編輯者角色；每項事實都須註明來源。",
  recordNoKey: "你未有 API 金鑰：記錄需要編輯者角色的金鑰。",
  attendanceRole: "在活動中的角色",
  needText: "業務需要",
  sourceField: "來源（網址或備註）",
  dateField: "日期（YYYY-MM-DD，可選）",
  evidenceField: "證據",
  evidenceDefault: "RECORDED（預設）",
  confidenceField: "可信度（0 至 1，可選）",
  isSampleField: "這是虛構的示例資料",
  recordButton: "記錄",
  recording: "記錄中…",
  chooseFromSuggestions: "請從建議中選擇。",
  required: "必須填寫。",
  recorded: "已記錄：",
  recordedReplay: "此項之前已記錄（同一請求再次發出）；這次沒有寫入新資料。",
  openEntity: "開啟頁面：",
  recordAnother: "表格保留所填內容，方便記錄下一項。",
  asOfPlanner: "截至日期（可選）",
};

const KIND_ZH: Record<string, string> = {
  BUREAU: "決策局",
  DEPARTMENT: "部門",
  PARTNER_BODY: "夥伴機構",
  ENTERPRISE: "企業",
  TECHNOLOGY: "技術",
  EVENT: "活動",
  PERSON: "人物",
};
const KIND_EN: Record<string, string> = {
  BUREAU: "Bureau",
  DEPARTMENT: "Department",
  PARTNER_BODY: "Partner body",
  ENTERPRISE: "Enterprise",
  TECHNOLOGY: "Technology",
  EVENT: "Event",
  PERSON: "Person",
};

// Attendance roles and evidence kinds as the API names them (AttendanceRole, Evidence).
const ROLE_EN: Record<string, string> = { HOST: "Host", SPEAKER: "Speaker", EXHIBITOR: "Exhibitor", ATTENDEE: "Attendee" };
const ROLE_ZH: Record<string, string> = { HOST: "主辦", SPEAKER: "講者", EXHIBITOR: "參展", ATTENDEE: "出席" };
const EVIDENCE_EN: Record<string, string> = { RECORDED: "Recorded", REPORTED: "Reported", INFERRED: "Inferred" };
const EVIDENCE_ZH: Record<string, string> = { RECORDED: "有紀錄", REPORTED: "有報道", INFERRED: "推斷" };

// Other codes the API answers with: relationship kinds, origins, sizes, coverage.
const CODE_EN: Record<string, string> = {
  PART_OF: "Part of", ORGANISED: "Organised", CO_ORGANISED: "Co-organised", ATTENDED: "Attended",
  OFFERS: "Offers", NEEDS: "Needs", PILOTED: "Piloted", INCUBATED_BY: "Incubated by",
  MEMBER_OF: "Member of", SUCCEEDED_BY: "Succeeded by", MET: "Met", REPRESENTS: "Represents",
  HONG_KONG: "Hong Kong", MAINLAND: "Mainland", OVERSEAS: "Overseas",
  STARTUP: "Start-up", SME: "SME", LARGE: "Large",
  NO_SUPPLY: "No supplier", NOT_MET: "Not met", PARTLY_MET: "Partly met", MET_DEMAND: "Met",
  NO_DEMAND: "No demand", UNUSED: "Unused",
};
const CODE_ZH: Record<string, string> = {
  PART_OF: "隸屬", ORGANISED: "主辦", CO_ORGANISED: "合辦", ATTENDED: "出席",
  OFFERS: "提供", NEEDS: "需要", PILOTED: "試用", INCUBATED_BY: "培育機構",
  MEMBER_OF: "成員", SUCCEEDED_BY: "由…接替", MET: "會面", REPRESENTS: "代表",
  HONG_KONG: "香港", MAINLAND: "內地", OVERSEAS: "海外",
  STARTUP: "初創", SME: "中小企", LARGE: "大型",
  NO_SUPPLY: "無供應商", NOT_MET: "未滿足", PARTLY_MET: "部分滿足", MET_DEMAND: "已滿足",
  NO_DEMAND: "無需求", UNUSED: "未使用",
};

export type Lang = "en" | "zh";
const LANG_STORAGE = "explorer.lang";

/** The chosen language (English unless Chinese was chosen before). */
export function lang(): Lang {
  return localStorage.getItem(LANG_STORAGE) === "zh" ? "zh" : "en";
}

/** Chooses the language for this and later visits. */
export function setLang(value: Lang): void {
  localStorage.setItem(LANG_STORAGE, value);
  document.documentElement.lang = value === "zh" ? "zh-Hant-HK" : "en";
}

/** The label for ``key`` in the chosen language. */
export function t(key: Key): string {
  return lang() === "zh" ? ZH[key] : EN[key];
}

/** A node kind (e.g. DEPARTMENT) in words. */
export function kindLabel(kind: string): string {
  return (lang() === "zh" ? KIND_ZH : KIND_EN)[kind] ?? kind;
}

/** An attendance role (e.g. EXHIBITOR) in words; other values as they are. */
export function roleLabel(role: string): string {
  return (lang() === "zh" ? ROLE_ZH : ROLE_EN)[role] ?? role;
}

/** An evidence kind (e.g. INFERRED) in words; other values as they are. */
export function evidenceLabel(evidence: string): string {
  return (lang() === "zh" ? EVIDENCE_ZH : EVIDENCE_EN)[evidence] ?? evidence;
}

/** Any code the API answers with (a relationship kind, role, evidence, origin, size or
 *  coverage status) in words; unknown codes as they are. A coverage status is the
 *  relationship MET's namesake, so ask with ``coverage`` for it. */
export function codeLabel(code: string, coverage = false): string {
  const key = coverage && code === "MET" ? "MET_DEMAND" : code;
  const zh = lang() === "zh";
  return (zh ? CODE_ZH : CODE_EN)[key] ?? (zh ? ROLE_ZH : ROLE_EN)[code] ?? evidenceLabel(code);
}

/** Fills every element marked data-i18n (text), data-i18n-placeholder or
 *  data-i18n-title in ``root``. */
export function applyLabels(root: ParentNode = document): void {
  for (const el of Array.from(root.querySelectorAll<HTMLElement>("[data-i18n]"))) {
    el.textContent = t(el.dataset["i18n"] as Key);
  }
  for (const el of Array.from(root.querySelectorAll<HTMLInputElement>("[data-i18n-placeholder]"))) {
    el.placeholder = t(el.dataset["i18nPlaceholder"] as Key);
  }
  for (const el of Array.from(root.querySelectorAll<HTMLElement>("[data-i18n-title]"))) {
    el.title = t(el.dataset["i18nTitle"] as Key);
  }
}

export interface Named {
  nameEn: string;
  nameZh?: string | null;
}

/** The name in the chosen language (Chinese falls back to English). */
export function displayName(e: Named): string {
  return lang() === "zh" ? e.nameZh || e.nameEn : e.nameEn;
}

/** The name in the other language, or null when it is missing or the same. */
export function otherName(e: Named): string | null {
  const other = lang() === "zh" ? e.nameEn : e.nameZh ?? null;
  return other && other !== displayName(e) ? other : null;
}
