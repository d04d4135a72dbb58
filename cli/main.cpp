#include "cli/cli_main.hpp"

int main(int argc, char** argv) { return sluice::cli_main(argc, argv); }
