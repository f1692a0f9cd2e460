import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';

describe('ApiError.fieldErrors', () => {
  it('places each validation problem on its field, the first one winning', () => {
    const err = new ApiError(400, 'invalid_input', 'The request is not valid.', [
      { where: 'body', path: 'email', message: 'must be an email address' },
      { where: 'body', path: 'email', message: 'second problem' },
      { where: 'body', path: 'password', message: 'Too small' },
    ]);
    expect(err.fieldErrors).toEqual({ email: 'must be an email address', password: 'Too small' });
  });

  it("uses the error's own message for an item that names only its field", () => {
    const err = new ApiError(400, 'invalid_input', 'The birth date is in the future.', [
      { path: 'birthDate' },
    ]);
    expect(err.fieldErrors).toEqual({ birthDate: 'The birth date is in the future.' });
  });

  it('joins array paths and reads a { fields } map', () => {
    expect(new ApiError(400, 'x', 'm', [{ path: ['a', 'b'], message: 'bad' }]).fieldErrors).toEqual({
      'a.b': 'bad',
    });
    expect(new ApiError(400, 'x', 'm', { fields: { name: 'too long', n: 3 } }).fieldErrors).toEqual({
      name: 'too long',
    });
  });

  it('has no field errors when the details say nothing about fields', () => {
    expect(new ApiError(401, 'invalid_credentials', 'No.').fieldErrors).toEqual({});
    expect(new ApiError(400, 'weak_password', 'No.', { problems: ['common'] }).fieldErrors).toEqual({});
    expect(new ApiError(400, 'x', 'm', [null, 3, { message: 'no path' }]).fieldErrors).toEqual({});
  });
});
