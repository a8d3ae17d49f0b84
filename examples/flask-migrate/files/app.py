from flask import Flask
from flask_migrate import Migrate

from models import User, db

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"

db.init_app(app)
migrate = Migrate(app, db)


@app.get("/users")
def list_users():
    return [{"id": u.id, "username": u.username} for u in db.session.scalars(db.select(User))]
