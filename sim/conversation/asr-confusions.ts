/**
 * What speech recognition confuses. Chinese: groups of characters sharing a syllable (tones
 * ignored), the commonest ASR substitution; a character in no group is replaced by one from the
 * pool of all grouped characters. English: sound-alike words for the vocabulary customers use on
 * sales calls; other words are mangled (a letter changed, dropped or doubled) or replaced by a
 * common word. Insertions are the short function words and fillers recognisers hallucinate.
 */

/** Each string: characters with the same syllable (pinyin without tone). */
const ZH_SYLLABLES = [
  '预遇玉雨语与于鱼余愉', '算蒜酸', '贵桂柜跪鬼归规', '价家加假架佳嘉甲', '格个各歌哥隔割', '钱前千签浅欠牵', '多夺朵躲',
  '少烧稍绍勺', '买卖麦埋迈', '办半班般板搬伴', '套掏逃桃讨陶', '餐参残惨蚕', '有又由油优游友右幽', '惠会回汇慧毁挥辉灰',
  '折这者哲遮', '扣口寇', '不布步部补捕', '需许续虚须序绪', '要药摇腰咬遥耀', '兴行星型形姓醒性幸', '趣去取区曲趋',
  '忙盲芒茫', '开凯慨', '电点店典垫殿', '话化华画花划滑', '打大达答搭', '错措搓挫', '人认任忍仁',
  '是时事实使市式试十识世室视师施失石', '在再载灾', '说硕烁', '想像向相香象响项乡详', '样阳洋养扬仰', '那哪拿纳',
  '你呢尼泥拟逆', '好号豪毫耗浩', '我握卧窝', '的得德', '了乐勒', '就九久旧酒救究', '吧把八爸霸拔',
  '一以意已衣医依移宜议易义益艺亿', '思四死私司丝似寺斯', '谢些写鞋协斜血', '没每美妹梅煤眉媒', '真针阵镇震珍诊',
  '烦反饭范翻犯凡繁返', '麻吗妈马码骂嘛', '喂为位未味微围伟维尾', '哎爱矮艾碍', '懂动冬东洞', '几机及级即急计记际基集既技寄',
  '用永勇拥涌', '上商尚伤赏', '费飞非肥废', '什身深神申审', '车彻撤', '到道倒导刀岛', '下夏吓虾侠', '款宽',
  '过国果锅裹', '月约越阅', '同通统痛童铜', '便片篇骗偏', '可客课刻科克渴', '后候厚猴', '期起其气器七奇齐骑企汽',
  '方房放访防仿芳', '品拼贫频聘', '合和何河核盒喝', '年念', '还换环欢缓', '天田填甜添', '现先限线鲜显险县闲',
  '来赖莱', '理里力利离立例历礼', '服付父负福复富夫府副附腹', '务无五物午误屋舞武', '卡咖', '产缠蝉', '定订顶丁钉',
  '老劳牢', '公工共功供宫攻', '听挺停庭厅', '手收受首售守瘦兽', '张长涨章掌账帐丈', '担单但蛋淡弹', '退推腿',
  '信新心欣辛薪', '对队堆兑', '间见件建简检减剑健', '空控孔恐', '请情清轻青庆', '保报包宝抱饱爆', '系细西息希喜洗戏惜',
  '制直知只支值之指志治职质纸', '出处除初储楚', '联连脸练恋链', '讲将江奖降', '最醉嘴罪', '台太态抬泰', '体提题替梯',
  '挂瓜刮', '帮棒绑傍', '面免棉眠', '如入乳', '小销效笑校消晓', '决觉绝', '次此词慈刺', '等灯登邓', '看砍刊',
  '也业夜页叶', '程成城承诚乘', '安案按暗岸', '装状撞壮', '边便变遍编', '具局据句举聚剧', '介节接结解姐界借街',
  '近进今金仅紧尽', '概该改盖', '量两亮凉粮', '早造糟', '王网往忘望', '另领令零灵', '员元原远愿院源',
  '净经京精静境竟井', '水谁睡税', '从聪葱', '中种终重众钟', '调条跳挑', '赠增曾', '存村寸', '叫交教较角脚',
  '赔配陪培', '度都读独堵毒', '苹平评凭瓶', '地底第低递敌', '高搞告稿', '自子字资紫', '二而儿耳', '苦库酷哭',
  '刚钢岗港', '诉速素宿塑', '末模默磨', '米密秘迷', '送松宋颂', '份分粉奋', '总宗综纵', '必比笔币闭壁',
  '住主注助祝珠', '呵户互护湖虎乎', '本笨奔', '学雪穴', '差查茶察', '活或货获火伙', '段短断端', '锁所索缩',
  '冷愣', '压呀牙鸭亚', '选宣悬旋', '流留六刘柳', '白百败拜摆', '促醋粗', '途图土突徒', '声生省胜升圣',
  '音因引银印隐', '族组足祖阻租', '恶饿额俄', '劣列烈猎', '常长场厂唱尝', '万完晚玩碗湾', '正证整争政',
  '应赢英硬营影', '强墙抢枪', '嗨还海害孩', '亲琴勤秦', '切且窃', '标表', '浪狼朗', '朋碰', '类累泪', '投头偷透',
  '吵超朝潮', '购够狗构沟', '困捆', '难南男', '门们闷', '塌他她它塔踏', '拨播波博', '航行', '则责择泽',
  '删山闪善', '掉调吊钓', '陈沉晨趁', '修秀休', '待带代袋戴', '券全权劝', '阿啊', '严验眼言研烟', '赵找照招',
  '随岁碎', '操草曹', '作做坐座左', '暂赞', '括扩阔', '含汉寒喊', '吃迟持池尺', '怕爬', '外歪', '冲虫宠',
  '骚扫嫂', '扰绕', '求球秋', '婆破坡', '嗯恩', '怎', '么', '能', '您', '给', '很狠恨', '没', '问文闻稳',
  '满慢漫', '付副', '宜疑姨', '错', '意义', '司丝',
];

/** Characters recognisers insert: particles and short function words. */
export const ZH_INSERTIONS = ['的', '了', '啊', '嗯', '呢', '吧', '一', '是', '个', '那', '就', '这'];

/** Sound-alike words (lower case), both ways where it makes sense. */
const EN_SOUNDALIKES: Record<string, string[]> = {
  the: ['a', 'that', 'they'], i: ['eye', 'hi', 'a'], you: ['your', 'yeah', 'u'], is: ['as', 'his', "it's"], a: ['the', 'uh'],
  me: ['my', 'be'], to: ['two', 'too', 'the'], so: ['sew', 'show'], it: ['that', 'at'], know: ['no', 'now'], be: ['bee', 'me'],
  please: ['pleas', 'police'], this: ['these', 'that', 'his'], for: ['four', 'far', 'from'], thanks: ['tanks', 'thinks'],
  hi: ['high', 'eye'], alright: ['all right', 'a light'], guess: ['gas', 'yes'], yeah: ['yes', 'yet'], how: ['now', 'who'],
  okay: ['ok', 'hey'], can: ["can't", 'cam', 'cat'], "can't": ['can', 'cant'], sorry: ['story', 'sorely'], look: ['luck', 'book'],
  do: ['due', 'to'], "don't": ['do', "won't"], have: ['had', 'half'], "i'll": ['isle', 'all'], your: ["you're", 'year'],
  there: ['their', "they're", 'where'], like: ['light', 'lake'], call: ['cold', 'all', 'tall'], in: ['an', 'and'],
  does: ['dose', 'doze'], with: ['width', 'which'], are: ['our', 'or'], my: ['may', 'mine'], not: ['now', 'knot', 'note'],
  what: ['watt', 'want'], go: ['no', 'so'], price: ['prize', 'prices', 'rice'], month: ['mouth', 'months'], one: ['won', 'want'],
  plan: ['plane', 'plant', 'planned'], we: ['wee', 'me'], no: ['know', 'now'], time: ['thyme', 'tie'], could: ['good', 'cloud'],
  on: ['an', 'own'], need: ['knead', 'feed'], any: ['many', 'annie'], that: ['than', 'at'], here: ['hear', 'her'],
  much: ['match', 'such'], about: ['abut', 'out'], want: ["won't", 'wand'], budget: ['budge', 'bucket', 'gadget'],
  from: ['form', 'fun'], better: ['bitter', 'letter'], of: ['off', 'a'], will: ['well', "we'll"], sign: ['sine', 'sing', 'signed'],
  now: ['no', 'know', 'how'], called: ['cold', 'cord'], good: ['could', 'god'], discount: ['this count', 'account'],
  work: ['walk', 'word'], really: ['rally', 'reel'], back: ['bag', 'pack', 'black'], wrong: ['ring', 'long', 'strong'],
  fee: ['free', 'fear', 'see'], number: ['lumber', 'numb'], take: ['tank', 'bake'], buy: ['by', 'bye', 'why'],
  contract: ['contact', 'contracts'], hello: ['hollow', 'fellow'], talk: ['took', 'torque'], money: ['monday', 'funny', 'many'],
  product: ['products', 'protect'], company: ['campaign', "company's"], right: ['write', 'ride'], calling: ['colin', 'coming'],
  cost: ['coast', 'cast', 'lost'], service: ['surface', 'services'], afford: ['a ford', 'afraid'], over: ['other', 'clover'],
  phone: ['fine', 'foam'], interested: ['interest', 'entrusted'], pay: ['play', 'day', 'pray'], free: ['three', 'tree'],
  cheaper: ['keeper', 'cheap per'], expensive: ['extensive', 'expense'], cancel: ['cancer', 'council'], refund: ['refined', 're fund'],
  complaint: ['complain', 'compliant'], manager: ['manner', 'manage'], insurance: ['assurance', 'in shorts'], offer: ['often', 'off her'],
  deal: ['dial', 'dell'], quote: ['coat', 'vote'], later: ['letter', 'ladder', 'lady'], tomorrow: ['to borrow', 'tomorrows'],
  weekend: ['weak end', 'week and'], busy: ['dizzy', 'easy'], meeting: ['eating', 'meting'], driving: ['diving', 'thriving'],
  tight: ['type', 'tide'], cash: ['catch', 'cache'], broke: ['brook', 'broken'], terrible: ['terrific', 'terribly'],
  speed: ['seed', 'spend'], warranty: ['warrant', 'wary'], coverage: ['cover edge', 'leverage'], signal: ['single', 'cymbal'],
  interest: ['in rest', 'interested'], "month's": ['months'], per: ['pair', 'pear'], bill: ['build', 'pill'], charge: ['large', 'change'],
  wife: ['white', 'life'], term: ['turn', 'germ'], period: ['pier', 'periods'], cancellation: ['cancel nation', 'consolation'],
  scam: ['scan', 'skim'], agree: ['a tree', 'degree'], ready: ['read', 'reedy'], deals: ['dials', 'tails'], list: ['least', 'lost'],
  mind: ['mine', 'mint'], afternoon: ['after noon', 'afternoons'], morning: ['mourning', 'warning'], week: ['weak', 'wreck'],
  policy: ['polly see', 'polish'], plans: ['planes', 'plants'], renew: ['new', 'review'], order: ['border', 'odor'],
};

/** Words recognisers insert. */
export const EN_INSERTIONS = ['uh', 'um', 'the', 'a', 'and', 'i', 'you', 'so', 'to', 'it', 'oh'];

/** Common words used when an unknown word is replaced outright. */
export const EN_COMMON = Object.keys(EN_SOUNDALIKES).filter((w) => w.length <= 5);

let zhTable: Map<string, string[]> | null = null;

/** Character → its sound-alike characters (built once). */
export function zhConfusions(): Map<string, string[]> {
  if (zhTable) return zhTable;
  const sets = new Map<string, Set<string>>();
  for (const group of ZH_SYLLABLES) {
    const chars = Array.from(group);
    for (const c of chars) {
      let s = sets.get(c);
      if (!s) sets.set(c, (s = new Set()));
      for (const d of chars) if (d !== c) s.add(d);
    }
  }
  zhTable = new Map([...sets].filter(([, s]) => s.size > 0).map(([c, s]) => [c, [...s]]));
  return zhTable;
}

let zhPoolCache: string[] | null = null;

/** Every character in a syllable group: the fallback substitutes. */
export function zhPool(): string[] {
  zhPoolCache ??= [...new Set(ZH_SYLLABLES.flatMap((g) => Array.from(g)))];
  return zhPoolCache;
}

export function enSoundalikes(word: string): readonly string[] | undefined {
  return Object.prototype.hasOwnProperty.call(EN_SOUNDALIKES, word) ? EN_SOUNDALIKES[word] : undefined;
}
