#include "iopreport/cli.h"

int main(int argc, char **argv) { return iop_cli_main(argc, argv); }
