/// <reference lib="webworker" />
// Loads ICU's number and date data for the page (see src/lib/bridges/intl-warmup.ts): the
// first Intl.NumberFormat of a renderer process takes 45–70 ms on whichever thread makes it,
// and the data is then shared by the whole process. Made here, that is off the main thread.
for (const lang of ['en', 'zh-CN']) {
  new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(1234.5);
  new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(0);
}
postMessage('warm');
