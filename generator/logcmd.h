/*
 * logcmd: `candour log SUBCOMMAND ...`, staff's commands on the complaint
 * log: import-csv (a case system's export, logimport.h), add, ack, extend,
 * respond, escalate, refuse, withdraw (for a landlord with no case system,
 * by reference, dated today unless --date) and due (open complaints by
 * their next Code deadline). Each has --help.
 */
#ifndef CANDOUR_LOGCMD_H
#define CANDOUR_LOGCMD_H

/*
 * Run `candour log ...`; argv[0] is "log". Messages go to stderr, results
 * to stdout. Returns an exit status of build.h (0, 1 input, 2 usage,
 * 3 environment).
 */
int	 logcmd_run(int argc, char *argv[]);

#endif
