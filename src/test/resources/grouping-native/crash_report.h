/* A minimal in-process crash reporter, as crash SDKs link into an app (see crash_report.c). */
#ifndef CRASH_REPORT_H
#define CRASH_REPORT_H

void crash_report_install(void);

#endif
