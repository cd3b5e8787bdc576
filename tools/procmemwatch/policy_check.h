/* SPDX-License-Identifier: GPL-2.0 */
/* procmemwatch reader: --check-policy, a policy checked as the kernel would take it */

#ifndef PMW_POLICY_CHECK_H
#define PMW_POLICY_CHECK_H

/*
 * Checks the policy in the file at path ("-": standard input), exe= paths
 * looked up under root (NULL: this machine's /). Says each line the
 * kernel would refuse on stderr as "FILE:LINE: REASON", in the kernel's
 * words, and a summary on stdout when there is none. Returns 0 when the
 * policy file would take it in one write, else 1.
 */
int pmw_check_policy(const char *path, const char *root);

#endif /* PMW_POLICY_CHECK_H */
