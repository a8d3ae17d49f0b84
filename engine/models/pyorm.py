# sqlalchemy.orm's Session and Query, as data migrations in revision
# scripts use them: loading mapped objects, changing them, adding new ones,
# bulk inserts and updates, and Query's filters, all through the
# connection's SQL (Core select/insert/update/delete). Retort's own, small
# implementation: no identity map beyond one session's loaded objects, no
# relationships loading, no events.
import sqlalchemy as sa
from sqlalchemy.orm import _retort_mapped_columns as _mapped_columns
from sqlalchemy.orm import _retort_load_value as _load_value


class NoResultFound(sa.exc.InvalidRequestError):
    pass


class MultipleResultsFound(sa.exc.InvalidRequestError):
    pass


def _is_model(e):
    return isinstance(e, type) and _mapped_columns(e) is not None


class Query:
    def __init__(self, session, entities):
        self.session = session
        self._entities = list(entities)
        self._where = []
        self._order = []
        self._limit = None
        self._offset = None

    def _copy(self):
        q = Query(self.session, self._entities)
        q._where = list(self._where)
        q._order = list(self._order)
        q._limit = self._limit
        q._offset = self._offset
        return q

    def filter(self, *criteria):
        q = self._copy()
        q._where.extend(criteria)
        return q

    where = filter

    def join(self, target, onclause=None, **kw):
        # An inner join, written as its condition in WHERE (the joined
        # table joins the FROM list through the condition's columns).
        if onclause is None:
            raise sa.exc.InvalidRequestError("Retort's Query.join() needs the ON condition: query.join(Model, A.x == Model.y)")
        return self.filter(onclause)

    def filter_by(self, **kw):
        model = self._entities[0]
        return self.filter(*[getattr(model, k) == v for k, v in kw.items()])

    def order_by(self, *clauses):
        q = self._copy()
        q._order.extend(c for c in clauses if c is not None)
        return q

    def limit(self, n):
        q = self._copy()
        q._limit = n
        return q

    def offset(self, n):
        q = self._copy()
        q._offset = n
        return q

    def yield_per(self, n):
        return self

    def options(self, *options):
        return self

    def execution_options(self, **kw):
        return self

    def _statement(self):
        stmt = sa.select(*self._entities)
        for w in self._where:
            stmt = stmt.where(w)
        if self._order:
            stmt = stmt.order_by(*self._order)
        if self._limit is not None:
            stmt = stmt.limit(self._limit)
        if self._offset is not None:
            stmt = stmt.offset(self._offset)
        return stmt

    def __iter__(self):
        self.session.flush()
        rows = self.session.bind.execute(self._statement()).fetchall()
        if len(self._entities) == 1 and _is_model(self._entities[0]):
            model = self._entities[0]
            return iter([self.session._load(model, row) for row in rows])
        return iter(rows)

    def all(self):
        return list(self)

    def first(self):
        found = self.limit(1).all()
        return found[0] if found else None

    def one(self):
        found = self.limit(2).all()
        if not found:
            raise NoResultFound("No row was found when one was required")
        if len(found) > 1:
            raise MultipleResultsFound("Multiple rows were found when exactly one was required")
        return found[0]

    def one_or_none(self):
        found = self.limit(2).all()
        if len(found) > 1:
            raise MultipleResultsFound("Multiple rows were found when one or none was required")
        return found[0] if found else None

    def scalar(self):
        row = self.first()
        if row is None:
            return None
        if len(self._entities) == 1 and _is_model(self._entities[0]):
            return row
        return row[0]

    def count(self):
        return len(self.all())

    def get(self, ident):
        model = self._entities[0]
        return self.session.get(model, ident)

    def _model(self):
        if len(self._entities) != 1 or not _is_model(self._entities[0]):
            raise sa.exc.InvalidRequestError("Query.delete() and Query.update() need a query of one mapped class")
        return self._entities[0]

    def delete(self, synchronize_session=None):
        self.session.flush()
        stmt = sa.delete(self._model())
        for w in self._where:
            stmt = stmt.where(w)
        return self.session.bind.execute(stmt).rowcount

    def update(self, values, synchronize_session=None):
        self.session.flush()
        model = self._model()
        stmt = sa.update(model)
        for w in self._where:
            stmt = stmt.where(w)
        keyed = {}
        for k, v in values.items():
            keyed[k if isinstance(k, str) else k.key] = v
        return self.session.bind.execute(stmt.values(**keyed)).rowcount


class Session:
    def __init__(self, bind=None, **kw):
        self.bind = bind
        self._new = []
        self._deleted = []
        self._loaded = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def begin(self):
        return self

    def query(self, *entities):
        return Query(self, entities)

    def execute(self, statement, params=None, **kw):
        self.flush()
        if params is None:
            return self.bind.execute(statement)
        return self.bind.execute(statement, params)

    def scalar(self, statement, params=None, **kw):
        return self.execute(statement, params).scalar()

    def scalars(self, statement, params=None, **kw):
        return self.execute(statement, params).scalars()

    def get(self, model, ident):
        cols = _mapped_columns(model)
        keys = [attr for attr, name, pk in cols if pk]
        if not isinstance(ident, (tuple, list)):
            ident = (ident,)
        q = self.query(model)
        for k, v in zip(keys, ident):
            q = q.filter(getattr(model, k) == v)
        return q.first()

    def add(self, obj):
        if self._snapshot(obj) is not None:
            return
        for o in self._new:
            if o is obj:
                return
        self._new.append(obj)

    def add_all(self, objs):
        for obj in objs:
            self.add(obj)

    def merge(self, obj, **kw):
        self.add(obj)
        return obj

    def delete(self, obj):
        self._deleted.append(obj)

    def expunge_all(self):
        self._loaded = []

    def _load(self, model, row):
        obj = model.__new__(model)
        values = {}
        for attr, name, pk in _mapped_columns(model):
            v = row._mapping[name] if name in row._mapping else None
            v = _load_value(model, attr, v)
            setattr(obj, attr, v)
            values[attr] = v
        self._loaded.append((obj, values))
        return obj

    def _insert(self, obj):
        model = type(obj)
        values = {}
        for attr, name, pk in _mapped_columns(model):
            if attr in obj.__dict__:
                values[name] = obj.__dict__[attr]
        self.bind.execute(sa.insert(model).values(**values))

    def _pk_filter(self, stmt, model, values):
        for attr, name, pk in _mapped_columns(model):
            if pk:
                stmt = stmt.where(getattr(model, attr) == values[attr])
        return stmt

    def flush(self):
        new, self._new = self._new, []
        for obj in new:
            self._insert(obj)
        for obj, before in self._loaded:
            model = type(obj)
            changed = {}
            for attr, name, pk in _mapped_columns(model):
                now = getattr(obj, attr, None)
                if now != before.get(attr):
                    changed[name] = now
            if changed:
                stmt = self._pk_filter(sa.update(model), model, before)
                self.bind.execute(stmt.values(**changed))
                for attr, name, pk in _mapped_columns(model):
                    before[attr] = getattr(obj, attr, None)
        deleted, self._deleted = self._deleted, []
        for obj in deleted:
            model = type(obj)
            values = {attr: getattr(obj, attr, None) for attr, name, pk in _mapped_columns(model)}
            self.bind.execute(self._pk_filter(sa.delete(model), model, values))

    def commit(self):
        self.flush()

    def rollback(self):
        self._new = []
        self._deleted = []

    def close(self):
        self._new = []
        self._deleted = []
        self._loaded = []

    def _snapshot(self, obj):
        for loaded, before in self._loaded:
            if loaded is obj:
                return before
        return None

    def bulk_save_objects(self, objects, **kw):
        # Objects the session loaded are updated (by primary key), new
        # ones inserted, as SQLAlchemy's bulk save does.
        for obj in objects:
            before = self._snapshot(obj)
            if before is None:
                self._insert(obj)
                continue
            model = type(obj)
            changed = {}
            for attr, name, pk in _mapped_columns(model):
                now = getattr(obj, attr, None)
                if now != before.get(attr):
                    changed[name] = now
                    before[attr] = now
            if changed:
                stmt = self._pk_filter(sa.update(model), model, before)
                self.bind.execute(stmt.values(**changed))

    def bulk_insert_mappings(self, mapper, mappings, **kw):
        for m in mappings:
            self.bind.execute(sa.insert(mapper).values(**m))

    def bulk_update_mappings(self, mapper, mappings):
        keys = {attr: name for attr, name, pk in _mapped_columns(mapper)}
        for m in mappings:
            stmt = self._pk_filter(sa.update(mapper), mapper, m)
            values = {keys[k]: v for k, v in m.items() if k in keys}
            self.bind.execute(stmt.values(**values))


class sessionmaker:
    def __init__(self, bind=None, **kw):
        self.bind = bind

    def configure(self, bind=None, **kw):
        if bind is not None:
            self.bind = bind

    def __call__(self, bind=None, **kw):
        return Session(bind=bind if bind is not None else self.bind)


def scoped_session(factory, **kw):
    return factory()
