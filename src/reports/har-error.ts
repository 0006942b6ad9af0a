/** The error of every HAR reading step; its message can be shown to the uploader. */
import { AppError, type ErrorCode } from '../errors.ts';

/**
 * A file that is not a HAR we can read (400), or one with a part too large to read safely (413);
 * the message says why.
 */
export class HarError extends AppError {
  constructor(message: string, code: ErrorCode = 'invalid_request') {
    super(code, message);
    this.name = 'HarError';
  }
}
