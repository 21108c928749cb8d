package io.eventweave.cli;

/** One command of {@code java -jar eventweave-agent.jar <command>}. */
interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    /** The whole {@code <command> --help} text. */
    String help();

    /**
     * Runs with {@code args[from..]}.
     *
     * @return the exit status (0 fine, 1 a finding: an objective missed, an integrity problem)
     * @throws UsageException for arguments it cannot run with (exit 2)
     */
    int run(String[] args, int from, Terminal terminal) throws Exception;
}
