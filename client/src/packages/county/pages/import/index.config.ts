export default definePageConfig({
  navigationBarTitleText: '导入农户信息',
})
