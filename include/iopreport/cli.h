/**
 * iopreport/cli.h — the command line as a function, so that tests and
 * fuzzers can call the whole program. Only this layer prints or exits.
 */
#ifndef IOPREPORT_CLI_H
#define IOPREPORT_CLI_H

#ifdef __cplusplus
extern "C" {
#endif

/** Exit codes of the program. */
typedef enum iop_exit {
    IOP_EXIT_OK = 0,      /**< everything asked for was done */
    IOP_EXIT_INVALID = 1, /**< some input was invalid or some output failed */
    IOP_EXIT_USAGE = 2,   /**< the command line was wrong */
    IOP_EXIT_INTERNAL = 3 /**< an unexpected failure (a bug, or the system) */
} iop_exit;

/** Run the program with its arguments (argv[0] is the program name).
 *  Returns an iop_exit code. */
int iop_cli_main(int argc, char **argv);

#ifdef __cplusplus
}
#endif

#endif /* IOPREPORT_CLI_H */
