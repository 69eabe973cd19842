import { EXIT } from '../cli-io.js';
import type { Handler } from '../spec/command-spec.js';
import type { completionOptions } from '../spec/commands.js';
import { bashCompletion } from './bash-completion.js';
import { completionModel } from './completion-model.js';
import { zshCompletion } from './zsh-completion.js';

/** `godwit completion bash|zsh`: prints the script; the parser has already checked the shell's name. */
export const completion: Handler<typeof completionOptions> = {
  async run({ positionals: [shell], io }) {
    const model = completionModel();
    io.stdout.write(shell === 'zsh' ? zshCompletion(model) : bashCompletion(model));
    return EXIT.ok;
  },
};
