import { birthDateOf, checkIdNumber, genderOf, idCheckChar, maskIdNumber } from '@shared/domain/id-number';
import { maskName, maskPhone } from '@shared/domain/masking';
import { rng, syntheticIdNumber } from '../../functions/src/seed/synthetic';

describe('resident ID numbers (GB 11643)', () => {
  // check characters computed by hand from the standard's weights (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, mod 11 → 1 0 X 9 8 7 6 5 4 3 2)
  test.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['61052819700101001', '6'], // 193 mod 11 = 6
  ])('check character of %s is %s', (first17, check) => {
    expect(idCheckChar(first17)).toBe(check);
  });

  test.each([
    ['11010519491231002X', null],
    ['610528197001010016', null],
    ['440524188001010014', 'birth_date'], // valid checksum, but born before 1900
    ['11010519491231002x', 'format'],
    ['1101051949123100', 'format'],
    ['110105194912310021', 'checksum'],
    ['110105194902300021', 'birth_date'], // 30 February
    ['110105203001010021', 'birth_date'], // born after today
  ])('%s → %s', (id, problem) => {
    expect(checkIdNumber(id, '2026-11-20')).toBe(problem);
  });

  test('birth date and gender are read from the number', () => {
    expect(birthDateOf('11010519491231002X')).toBe('1949-12-31');
    expect(genderOf('11010519491231002X')).toBe('female');
    expect(genderOf('110105194912310011'.slice(0, 17) + idCheckChar('11010519491231001'))).toBe('male');
  });

  test('synthetic numbers are valid, unique and carry the gender asked for', () => {
    const r = rng(1);
    const taken = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const gender = i % 2 ? 'male' : 'female';
      const id = syntheticIdNumber(r, '610528', `19${50 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`, gender, taken);
      expect(checkIdNumber(id, '2026-11-20')).toBeNull();
      expect(genderOf(id)).toBe(gender);
    }
    expect(taken.size).toBe(2000);
  });

  test('a birth date whose numbers are used up is an error, not an endless loop', () => {
    const r = rng(2);
    const taken = new Set<string>();
    for (let i = 0; i < 500; i++) syntheticIdNumber(r, '610528', '1970-01-01', 'male', taken);
    expect(() => syntheticIdNumber(r, '610528', '1970-01-01', 'male', taken)).toThrow(/no free ID number/);
  });
});

describe('masking', () => {
  test.each([
    ['11010519491231002X', '1101**********002X'],
    ['610528197001010012', '6105**********0012'],
  ])('ID %s → %s', (id, masked) => expect(maskIdNumber(id)).toBe(masked));

  test.each([
    ['张三', '张*'],
    ['张小明', '张*明'],
    ['欧阳晓华', '欧**华'],
    ['王', '王'],
  ])('name %s → %s', (name, masked) => expect(maskName(name)).toBe(masked));

  test('phone', () => expect(maskPhone('13812345678')).toBe('138****5678'));
});
