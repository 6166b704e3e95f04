/**
 * The directory template a secretariat fills in: a static file of the built client
 * (client/public/templat-direktori-opd.csv), UTF-8 with a BOM so Excel reads "Rifa’i" as typed,
 * semicolon-separated as Excel writes CSV in an Indonesian locale.
 */
export const TEMPLATE_URL = '/templat-direktori-opd.csv';
