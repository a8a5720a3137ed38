"""Build district-office CSV files the way they arrive, and run the real CLI on them."""
import csv
import io

from app.facilities.records import credit_code_check_char

HEADER = ["机构名称", "统一社会信用代码", "备案编号", "备案日期", "区县", "街道", "地址", "经度", "纬度",
          "坐标系", "举办形式", "服务类型", "收托月龄下限", "收托月龄上限", "托位数", "空余托位", "普惠",
          "普惠托位数", "示范等级", "月收费下限", "月收费上限", "供餐", "质量评估等级", "联系电话", "状态"]


def credit_code(n: int) -> str:
    first17 = f"52320508MJ{n:06d}0"[:17]
    return first17 + credit_code_check_char(first17)


def row(name, n, **values) -> dict:
    base = {"机构名称": name, "统一社会信用代码": credit_code(n), "备案编号": f"苏托备{n:05d}",
            "备案日期": "2024-03-01", "区县": "姑苏区", "街道": "平江街道", "地址": f"平江路{n}号",
            "经度": "120.630", "纬度": "31.320", "服务类型": "全日托", "收托月龄下限": "12",
            "收托月龄上限": "36", "托位数": "60", "空余托位": "5", "普惠": "否", "月收费下限": "3000",
            "月收费上限": "4000", "供餐": "是", "状态": "正常"}
    base.update(values)
    return base


def to_csv(rows, header=HEADER) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_csv(tmp_path, rows, name="facilities.csv", encoding="utf-8", header=HEADER):
    path = tmp_path / name
    path.write_bytes(to_csv(rows, header).encode(encoding))
    return path


def import_file(runner, path, *extra, command="facilities"):
    return runner.invoke(args=[command, "import", str(path), *extra])


# A small Suzhou registry the search tests share (GCJ-02 coordinates).
SEARCH_ROWS = [
    row("红星托育所", 1, 区县="姑苏区", 街道="平江街道", 经度="120.6300", 纬度="31.3200",
        普惠="是", 普惠托位数="30", 示范等级="市级", 空余托位="3", 月收费下限="2800"),
    row("金色摇篮东环托育中心", 2, 区县="园区", 街道="娄葑街道", 地址="东环路1500号",
        经度="120.6700", 纬度="31.3100", 服务类型="全日托、计时托", 月收费下限="4500", 月收费上限="6000",
        空余托位="0"),
    row("景点亲子托育园", 3, 区县="吴中区", 街道="木渎镇", 经度="120.5200", 纬度="31.2600",
        服务类型="半日托/临时托", 收托月龄下限="18", 普惠="是", 普惠托位数="20"),
    row("贝乐长桥托育中心", 4, 区县="吴中区", 街道="长桥街道", 经度="120.6100", 纬度="31.2700",
        示范等级="省级", 收托月龄下限="6", 月收费下限="3500", 供餐="否"),
    row("小橡树婴幼儿照护中心", 5, 区县="苏州工业园区", 街道="斜塘街道", 经度="120.7200", 纬度="31.2900",
        服务类型="全日托 半日托", 普惠="是", 普惠托位数="40", 月收费下限="2000"),
    row("星星幼儿园托班", 6, 区县="昆山市", 街道="玉山镇", 经度="120.9800", 纬度="31.3850",
        举办形式="幼儿园托班", 收托月龄下限="24"),
    row("七都小天使托育园", 7, 区县="吴江区", 街道="七都镇", 经度="120.4200", 纬度="30.9700",
        服务类型="计时托"),
    row("停业的红星分园", 8, 状态="暂停"),
]
