"""The cities this deployment serves and their districts (for the mini-program's pickers)."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.common.pagination import QueryArgsSchema
from app.places import service
from app.places.schemas import CitySchema

blp = Blueprint("places", __name__, url_prefix="/api/v1", description="行政区划与服务城市")


@blp.route("/places/cities")
class Cities(MethodView):
    @blp.arguments(QueryArgsSchema, location="query")
    @blp.response(200, CitySchema(many=True))
    def get(self, _args):
        """本平台服务的城市及其区县"""
        places = service.registry()
        return [{"code": code, "name": places.name(code),
                 "province": places.name(places.ancestor(code, "province")),
                 "districts": [{"code": d.code, "name": d.name}
                               for d in service.districts_of(code)]}
                for code in service.served_cities()]
