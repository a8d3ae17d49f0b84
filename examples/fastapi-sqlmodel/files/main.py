from typing import List

from fastapi import Depends, FastAPI
from sqlmodel import Session, select

from database import get_session
from models import Hero

app = FastAPI()

# No SQLModel.metadata.create_all(engine) at startup: the tables are
# Alembic's to create (alembic upgrade head), so that they can change later.


@app.post("/heroes/", response_model=Hero)
def create_hero(hero: Hero, session: Session = Depends(get_session)):
    session.add(hero)
    session.commit()
    session.refresh(hero)
    return hero


@app.get("/heroes/", response_model=List[Hero])
def read_heroes(session: Session = Depends(get_session)):
    return session.exec(select(Hero)).all()
