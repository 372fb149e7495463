#!/usr/bin/python3
"""SQLAlchemy (Debian python3-sqlalchemy 1.4, psycopg2 dialect) against a running OmenDB.

Usage: test_sqlalchemy.py HOST PORT  (tests/clients/run_sqlalchemy.sh starts the
server). Each check prints "ok   NAME" or "FAIL NAME: why"; a check that fails
because of a gap listed in XFAIL prints "xfail" and does not fail the run (it
fails the run with "XPASS" once it passes). The last line is
"sqlalchemy: N passed, N failed (...)" (xfail_check.py); the exit status is 1 if anything failed.
"""
import datetime
import decimal
import sys
import warnings

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.orm import Session, declarative_base, relationship, selectinload
from xfail_check import Checks

HOST, PORT = sys.argv[1], int(sys.argv[2])
URL = f"postgresql+psycopg2://omendb:omendb@{HOST}:{PORT}/omendb"

# Checks that fail today because of a known OmenDB gap (name prefix -> gap).
XFAIL = {}
CHECKS = Checks(XFAIL)
check = CHECKS.check


def eq(got, want):
    if got != want:
        raise AssertionError(f"got {got!r}, want {want!r}")


print(f"sqlalchemy {sa.__version__}")
engine = sa.create_engine(URL, future=True)
Base = declarative_base()


class Author(Base):
    __tablename__ = "sa_author"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(50), nullable=False, unique=True)
    born = sa.Column(sa.Date)
    created = sa.Column(sa.DateTime(timezone=True), server_default=sa.func.now())
    books = relationship("Book", back_populates="author", cascade="all, delete-orphan")


class Book(Base):
    __tablename__ = "sa_book"
    id = sa.Column(sa.BigInteger, primary_key=True)
    title = sa.Column(sa.Text, nullable=False)
    price = sa.Column(sa.Numeric(8, 2))
    tags = sa.Column(pg.ARRAY(sa.Text))
    scores = sa.Column(pg.ARRAY(sa.Integer))
    author_id = sa.Column(sa.Integer, sa.ForeignKey("sa_author.id"), nullable=False, index=True)
    author = relationship("Author", back_populates="books")
    __table_args__ = (sa.CheckConstraint("price >= 0", name="sa_book_price_ck"),)


@check("metadata.create_all (tables, FK, unique, index, check, ARRAY columns)")
def _():
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    eq(sa.inspect(engine).has_table("sa_book"), True)


@check("ORM: add with relationship, commit, query back")
def _():
    with Session(engine) as s:
        a = Author(name="ann", born=datetime.date(1970, 1, 2))
        a.books = [
            Book(title="one", price=decimal.Decimal("9.99"), tags=["x", "y"], scores=[1, 2]),
            Book(title="two", price=decimal.Decimal("0"), tags=[], scores=None),
        ]
        s.add_all([a, Author(name="bob")])
        s.commit()
        got = s.execute(sa.select(Book.title).order_by(Book.id)).scalars().all()
        eq(got, ["one", "two"])
        eq(s.get(Author, a.id).books[0].tags, ["x", "y"])


@check("ORM: filters, IN, LIKE, joins, aggregates, group by")
def _():
    with Session(engine) as s:
        q = (sa.select(Author.name, sa.func.count(Book.id), sa.func.sum(Book.price))
             .join(Book, isouter=True).group_by(Author.name).order_by(Author.name))
        eq([tuple(r) for r in s.execute(q)], [("ann", 2, decimal.Decimal("9.99")), ("bob", 0, None)])
        eq(s.execute(sa.select(sa.func.count()).select_from(Author)
                     .where(Author.name.in_(["ann", "zed"]))).scalar(), 1)
        eq(s.execute(sa.select(Book.title).where(Book.title.like("o%"))).scalars().all(), ["one"])


@check("ARRAY: contains, any, index, length")
def _():
    with Session(engine) as s:
        eq(s.execute(sa.select(Book.title).where(Book.tags.contains(["x"]))).scalars().all(), ["one"])
        eq(s.execute(sa.select(Book.title).where(Book.scores.any(2))).scalars().all(), ["one"])
        eq(s.execute(sa.select(Book.tags[1]).where(Book.title == "one")).scalar(), "x")
        eq(s.execute(sa.select(sa.func.array_length(Book.scores, 1))
                     .where(Book.title == "one")).scalar(), 2)
        eq(s.execute(sa.select(sa.func.array_agg(Book.title).label("t"))
                     .where(Book.title.in_(["one"]))).scalar(), ["one"])


@check("ORM: update, delete-orphan cascade, selectinload")
def _():
    with Session(engine) as s:
        a = s.execute(sa.select(Author).where(Author.name == "ann")
                      .options(selectinload(Author.books))).scalar_one()
        a.books[0].price = decimal.Decimal("12.50")
        a.books.pop()
        s.commit()
        eq(s.execute(sa.select(sa.func.count()).select_from(Book)).scalar(), 1)
        eq(s.execute(sa.select(Book.price)).scalar(), decimal.Decimal("12.50"))


@check("transactions: rollback, savepoint (begin_nested), IntegrityError")
def _():
    with Session(engine) as s:
        s.add(Author(name="cat"))
        with s.begin_nested():
            s.add(Author(name="dan"))
        try:
            with s.begin_nested():
                s.add(Author(name="ann"))  # unique violation
                s.flush()
        except sa.exc.IntegrityError as e:
            eq(e.orig.pgcode, "23505")
        else:
            raise AssertionError("duplicate name accepted")
        s.commit()
        names = s.execute(sa.select(Author.name).order_by(Author.name)).scalars().all()
        eq(names, ["ann", "bob", "cat", "dan"])


@check("Core: executemany insert, RETURNING, server default")
def _():
    t = Author.__table__
    with engine.begin() as c:
        c.execute(t.insert(), [{"name": f"n{i}"} for i in range(50)])
        r = c.execute(t.insert().returning(t.c.id, t.c.created), {"name": "ret"}).one()
        if not isinstance(r.created, datetime.datetime) or r.created.tzinfo is None:
            raise AssertionError(f"created = {r.created!r}")
        eq(c.execute(sa.select(sa.func.count()).select_from(t)).scalar(), 55)


@check("inspector: table names, pk, foreign keys, indexes, unique constraints, check constraints")
def _():
    insp = sa.inspect(engine)
    eq(sorted(n for n in insp.get_table_names() if n.startswith("sa_")), ["sa_author", "sa_book"])
    eq(insp.get_pk_constraint("sa_book")["constrained_columns"], ["id"])
    fks = insp.get_foreign_keys("sa_book")
    eq([(f["constrained_columns"], f["referred_table"], f["referred_columns"]) for f in fks],
       [(["author_id"], "sa_author", ["id"])])
    idx = insp.get_indexes("sa_book")
    eq([(i["name"], i["column_names"]) for i in idx], [("ix_sa_book_author_id", ["author_id"])])
    eq([u["column_names"] for u in insp.get_unique_constraints("sa_author")], [["name"]])
    eq([c["name"] for c in insp.get_check_constraints("sa_book")], ["sa_book_price_ck"])


@check("inspector.get_columns: names, types, nullability, defaults")
def _():
    cols = {c["name"]: c for c in sa.inspect(engine).get_columns("sa_book")}
    eq(sorted(cols), ["author_id", "id", "price", "scores", "tags", "title"])
    eq(str(cols["price"]["type"]), "NUMERIC(8, 2)")
    eq(cols["title"]["nullable"], False)


@check("Table(autoload_with=...) reflects a table")
def _():
    t = sa.Table("sa_author", sa.MetaData(), autoload_with=engine)
    eq(list(t.c.keys()), ["id", "name", "born", "created"])


@check("Computed (generated) column, partial and expression indexes: create, write, reflect")
def _():
    md = sa.MetaData()
    t = sa.Table("sa_gen", md,
                 sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("price", sa.Numeric(8, 2), nullable=False),
                 sa.Column("qty", sa.Integer, nullable=False),
                 sa.Column("total", sa.Numeric(10, 2), sa.Computed("price * qty")),
                 sa.Column("email", sa.String(80)),
                 sa.Index("sa_gen_email_lower", sa.func.lower(sa.text("email"))),
                 sa.Index("sa_gen_big", "qty", postgresql_where=sa.text("qty > 10")))
    md.create_all(engine)
    with engine.begin() as c:
        r = c.execute(t.insert().returning(t.c.total), {"id": 1, "price": 2.5, "qty": 4}).one()
        eq(str(r.total), "10.00")
        c.execute(t.update().where(t.c.id == 1).values(qty=5))
        eq(str(c.execute(sa.select(t.c.total)).scalar()), "12.50")
    cols = {c["name"]: c for c in sa.inspect(engine).get_columns("sa_gen")}
    computed = cols["total"].get("computed")
    if not computed or not computed.get("persisted") or "price" not in computed["sqltext"]:
        raise AssertionError(f"computed = {computed!r}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        idx = {i["name"]: i for i in sa.inspect(engine).get_indexes("sa_gen")}
    # SQLAlchemy 1.4 skips an expression index with a warning, as it does on PostgreSQL
    eq(sorted(idx), ["sa_gen_big"])
    if not any("sa_gen_email_lower" in str(w.message) for w in caught):
        raise AssertionError(f"no warning about the expression index: {caught!r}")
    where = idx["sa_gen_big"].get("dialect_options", {}).get("postgresql_where")
    if where is None or "qty > 10" not in str(where):
        raise AssertionError(f"postgresql_where = {where!r}")
    md.drop_all(engine)


@check("Enum column (native CREATE TYPE ... AS ENUM): create, write, order, reflect, drop")
def _():
    import enum

    class Status(enum.Enum):
        draft = 1
        published = 2
        archived = 3

    md = sa.MetaData()
    t = sa.Table("sa_post", md,
                 sa.Column("id", sa.Integer, primary_key=True),
                 sa.Column("status", sa.Enum(Status, name="sa_status"), nullable=False),
                 sa.Column("tone", sa.Enum("calm", "loud", name="sa_tone")))
    md.create_all(engine)
    md.create_all(engine)  # checkfirst: the types and the table exist
    with engine.begin() as c:
        c.execute(t.insert(), [{"id": 1, "status": Status.published, "tone": "loud"},
                               {"id": 2, "status": Status.draft, "tone": None},
                               {"id": 3, "status": Status.archived, "tone": "calm"}])
        rows = c.execute(sa.select(t.c.id, t.c.status).order_by(t.c.status)).all()
        eq([(r.id, r.status) for r in rows],
           [(2, Status.draft), (1, Status.published), (3, Status.archived)])
        eq(c.execute(sa.select(t.c.id).where(t.c.status > Status.draft).order_by(t.c.id))
           .scalars().all(), [1, 3])
        try:
            with c.begin_nested():
                c.execute(sa.text("INSERT INTO sa_post VALUES (9, 'deleted', NULL)"))
            raise AssertionError("an unknown label was accepted")
        except sa.exc.DataError as e:
            if "invalid input value for enum sa_status" not in str(e):
                raise
    insp = sa.inspect(engine)
    enums = {e["name"]: e["labels"] for e in insp.get_enums()}
    eq(enums.get("sa_status"), ["draft", "published", "archived"])
    eq(enums.get("sa_tone"), ["calm", "loud"])
    cols = {c["name"]: c for c in insp.get_columns("sa_post")}
    eq(list(cols["status"]["type"].enums), ["draft", "published", "archived"])
    md.drop_all(engine)  # drops the table, then the types
    eq(sorted(e["name"] for e in sa.inspect(engine).get_enums()), [])


@check("metadata.drop_all")
def _():
    Base.metadata.drop_all(engine)
    eq(sa.inspect(engine).has_table("sa_book"), False)


engine.dispose()
sys.exit(CHECKS.summary("sqlalchemy"))
