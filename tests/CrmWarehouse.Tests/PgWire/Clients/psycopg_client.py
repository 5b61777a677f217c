"""psycopg2, SQLAlchemy and pandas against the wire protocol, run by PythonClientTests with Debian's python3.

Connection from PGHOST/PGPORT/PGUSER/PGPASSWORD; prints one "key=value" line per finding for the test to check.
"""
import os
import threading

import psycopg2
import sqlalchemy
from sqlalchemy import inspect, text

EVERY_TYPE = """SELECT true AS b, 1::SMALLINT AS i2, 2::INTEGER AS i4, 3::BIGINT AS i8, 1.5::FLOAT AS f4,
    2.25::DOUBLE AS f8, -123.45::DECIMAL(10,2) AS num, 'héllo'::VARCHAR AS t, DATE '2026-03-15' AS d, TIME '13:14:15.5' AS tm,
    TIMESTAMP '2026-03-15 13:14:15.123456' AS ts, TIMESTAMPTZ '2026-03-15 13:14:15+00' AS tstz,
    INTERVAL '1 year 2 months 3 days 04:05:06' AS iv, '4b0c9e6e-0000-4000-8000-000000000001'::UUID AS u,
    '\\x01\\x02\\xFF'::BLOB AS bytes, '{"a":1}'::JSON AS j, [1, 2, NULL]::INTEGER[] AS ints, ['a', 'b c']::VARCHAR[] AS texts"""


def say(key, value):
    print(f"{key}={value}", flush=True)


def sql_state(key, connection, sql):
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
        say(key, "no error")
    except psycopg2.Error as e:
        say(key, e.pgcode)
        connection.rollback()


def cancel(connection):
    """Cancels until the query ends: the first cancel may come before the server runs it, a later one cannot."""
    done = threading.Event()

    def keep_cancelling():
        while not done.wait(0.1):
            connection.cancel()

    canceller = threading.Thread(target=keep_cancelling)
    canceller.start()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM range(100000000) a, range(1000) b WHERE a.range * b.range % 7 = 3")
        say("cancel", "not cancelled")
    except psycopg2.Error as e:
        say("cancel", e.pgcode)
        connection.rollback()
    finally:
        done.set()
        canceller.join()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 7")
        say("after.cancel", cursor.fetchone()[0])


def main():
    params = dict(host=os.environ["PGHOST"], port=os.environ["PGPORT"], user=os.environ["PGUSER"],
                  password=os.environ["PGPASSWORD"], dbname="warehouse", sslmode="disable")
    connection = psycopg2.connect(**params)
    say("connected", connection.server_version)
    with connection.cursor() as cursor:
        cursor.execute("SELECT code, name FROM dim_branch WHERE branch_key = %s AND code LIKE %s", (1, os.environ.get("PGCODE", "HZ%")))
        say("parameterised", "|".join(cursor.fetchone()))
        cursor.execute(EVERY_TYPE)
        row = cursor.fetchone()
        say("types.text", "|".join(f"{d.name}:{d.type_code}={v.hex() if isinstance(v, memoryview) else repr(v)}"
                                   for d, v in zip(cursor.description, row)))
    sql_state("error.missing", connection, "SELECT * FROM no_such_table")
    sql_state("error.syntax", connection, "SELECT 1 FROM FROM")
    sql_state("error.forbidden", connection, "SELECT * FROM audit.batch")
    cancel(connection)
    connection.close()

    url = sqlalchemy.engine.URL.create("postgresql+psycopg2", username=params["user"], password=params["password"],
                                       host=params["host"], port=int(params["port"]), database="warehouse",
                                       query={"sslmode": "disable"})
    engine = sqlalchemy.create_engine(url)
    inspector = inspect(engine)
    say("sqlalchemy.default_schema", inspector.default_schema_name)
    say("sqlalchemy.schemas", ",".join(inspector.get_schema_names()))
    say("sqlalchemy.tables", ",".join(inspector.get_table_names()))
    say("sqlalchemy.views", ",".join(inspector.get_view_names()))
    say("sqlalchemy.columns", ",".join(f"{c['name']}:{c['type']}" for c in inspector.get_columns("dim_branch")))
    say("sqlalchemy.pk", inspector.get_pk_constraint("dim_branch")["constrained_columns"])
    with engine.connect() as c:
        say("sqlalchemy.query", c.execute(text("SELECT count(*) FROM dim_branch WHERE branch_key > :k"), {"k": 0}).scalar())
    try:
        import pandas
        frame = pandas.read_sql(text("SELECT branch_key, code, name FROM dim_branch WHERE branch_key > :k ORDER BY branch_key"),
                                engine, params={"k": 0})
        say("pandas", f"{len(frame)} rows, columns {','.join(frame.columns)}, dtypes {','.join(str(t) for t in frame.dtypes)}")
    except ImportError:
        say("pandas", "not installed")
    engine.dispose()


main()
