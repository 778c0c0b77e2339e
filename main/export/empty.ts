/** An export whose scope holds no rows is refused, naming the filter value at fault, unless allowed. */
import { ExportError } from './atomic';

export class EmptyExportError extends ExportError {
  constructor(
    /** The filter values that match nothing, each with the nearest existing value. */
    readonly warnings: readonly string[],
    /** How the door lets the user write it anyway ("--allow-empty", "allowEmpty"). */
    hint = 'allowEmpty writes the file anyway',
  ) {
    super(
      `nothing to export: ${warnings.length ? warnings.join('; ') : 'no rows match these filters'} (${hint})`,
    );
  }
}
