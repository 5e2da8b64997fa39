/**
 * Personal data in text that leaves the regulator's own view (domain §11): ID numbers of natural
 * persons become 110101********1234, mobile numbers 138****1234. Organisation codes are left alone.
 */
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

export function maskPersonalData(text: string): string {
  return text.replace(ID_NUMBER, '$1********$2').replace(MOBILE, '$1****$2');
}
