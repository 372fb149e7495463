/*
 * version.h — OmenDB's version and the PostgreSQL version it reports to
 * clients (server_version must parse as 15.x for drivers and psql).
 */
#ifndef OMENDB_COMMON_VERSION_H
#define OMENDB_COMMON_VERSION_H

#define OMENDB_VERSION            "0.1.0"
#define OMENDB_SERVER_VERSION     "15.0 (OmenDB " OMENDB_VERSION ")"
#define OMENDB_SERVER_VERSION_NUM "150000"

#endif
